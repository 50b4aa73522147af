"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZChangeMemberRole } from "@/lib/members/schemas";
import { changeMemberRole as run } from "@/lib/members/memberships";

export const changeMemberRole = tenantActionClient
  .metadata({ name: "change-member-role", role: "admin" })
  .inputSchema(ZChangeMemberRole)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/members`);
    return { ok: true as const };
  });
