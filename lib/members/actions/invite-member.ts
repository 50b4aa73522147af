"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZInviteMember } from "@/lib/members/schemas";
import { inviteMember as run } from "@/lib/members/invitations";

export const inviteMember = tenantActionClient
  .metadata({ name: "invite-member", role: "admin" })
  .inputSchema(ZInviteMember)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/members`);
    return { ok: true as const };
  });
