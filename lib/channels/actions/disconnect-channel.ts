"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { disconnectChannel as run } from "../store";
import { ZDisconnectChannel } from "../schemas";

export const disconnectChannel = tenantActionClient
  .metadata({ name: "disconnect-channel", role: "admin" })
  .inputSchema(ZDisconnectChannel)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(ctx, parsedInput.channelId, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { ok: true as const };
  });
