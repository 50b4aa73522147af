"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZInvitationRef } from "@/lib/members/schemas";
import { revokeInvitation as run } from "@/lib/members/invitations";

export const revokeInvitation = tenantActionClient
  .metadata({ name: "revoke-invitation", role: "admin" })
  .inputSchema(ZInvitationRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(actorOf(ctx), parsedInput.invitationId, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/members`);
    return { ok: true as const };
  });
