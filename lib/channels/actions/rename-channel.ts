"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { renameChannel as run } from "../store";
import { ZRenameChannel } from "../schemas";

export const renameChannel = tenantActionClient
  .metadata({ name: "rename-channel", role: "admin" })
  .inputSchema(ZRenameChannel)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(ctx, parsedInput.channelId, parsedInput.name, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { ok: true as const };
  });
