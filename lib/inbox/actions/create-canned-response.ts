"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZCannedResponseInput } from "@/lib/inbox/schemas";
import { createCannedResponse as run } from "@/lib/inbox/canned-responses";

export const createCannedResponse = tenantActionClient
  .metadata({ name: "create-canned-response", role: "admin" })
  .inputSchema(ZCannedResponseInput)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const result = await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/canned-responses`);
    return result ?? { ok: true as const };
  });
