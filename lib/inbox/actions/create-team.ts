"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZCreateTeam } from "@/lib/inbox/schemas";
import { createTeam as run } from "@/lib/inbox/teams";

export const createTeam = tenantActionClient
  .metadata({ name: "create-team", role: "admin" })
  .inputSchema(ZCreateTeam)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const result = await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/teams`);
    return result ?? { ok: true as const };
  });
