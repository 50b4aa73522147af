"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZCreateLabel } from "@/lib/inbox/schemas";
import { createLabel as run } from "@/lib/inbox/labels";

export const createLabel = tenantActionClient
  .metadata({ name: "create-label", role: "agent" })
  .inputSchema(ZCreateLabel)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const result = await run(actorOf(ctx), parsedInput, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/labels`);
    return result ?? { ok: true as const };
  });
