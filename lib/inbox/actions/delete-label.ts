"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZLabelRef } from "@/lib/inbox/schemas";
import { deleteLabel as run } from "@/lib/inbox/labels";

export const deleteLabel = tenantActionClient
  .metadata({ name: "delete-label", role: "admin" })
  .inputSchema(ZLabelRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const result = await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/labels`);
    return result ?? { ok: true as const };
  });
