"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZMembershipRef } from "@/lib/members/schemas";
import { removeMember as run } from "@/lib/members/memberships";

export const removeMember = tenantActionClient
  .metadata({ name: "remove-member", role: "admin" })
  .inputSchema(ZMembershipRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(actorOf(ctx), parsedInput.membershipId, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/members`);
    return { ok: true as const };
  });
