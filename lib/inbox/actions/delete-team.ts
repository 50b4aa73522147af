"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZTeamRef } from "@/lib/inbox/schemas";
import { deleteTeam as run } from "@/lib/inbox/teams";

export const deleteTeam = tenantActionClient
  .metadata({ name: "delete-team", role: "admin" })
  .inputSchema(ZTeamRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const result = await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/teams`);
    return result ?? { ok: true as const };
  });
