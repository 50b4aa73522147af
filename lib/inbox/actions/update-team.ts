"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZUpdateTeam } from "@/lib/inbox/schemas";
import { updateTeam as run } from "@/lib/inbox/teams";

export const updateTeam = tenantActionClient
  .metadata({ name: "update-team", role: "admin" })
  .inputSchema(ZUpdateTeam)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const result = await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/teams`);
    return result ?? { ok: true as const };
  });
