"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZUpdateInboxRouting } from "@/lib/inbox/inbox-routing";
import { updateInboxRouting as run } from "@/lib/inbox/inbox-routing-service";

export const updateInboxRouting = tenantActionClient
  .metadata({ name: "update-inbox-routing", role: "admin" })
  .inputSchema(ZUpdateInboxRouting)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/teams`);
    return { ok: true as const };
  });
