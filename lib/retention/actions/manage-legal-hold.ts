"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { placeHold, releaseHold, ZPlaceHold } from "../holds";

const actor = (ctx: { user: { id: string; email: string }; request: { requestId: string; ipPrefix: string | null } }) => ({
  userId: ctx.user.id,
  email: ctx.user.email,
  requestId: ctx.request.requestId,
  ipPrefix: ctx.request.ipPrefix,
});

export const placeLegalHold = tenantActionClient
  .metadata({ name: "place-legal-hold", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(ZPlaceHold)
  .action(async ({ parsedInput, ctx }) => {
    const r = await placeHold(ctx.tenant.id, actor(ctx), parsedInput);
    revalidatePath(`/t/${ctx.tenant.slug}/privacy/retention`);
    return r;
  });

export const releaseLegalHold = tenantActionClient
  .metadata({ name: "release-legal-hold", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(z.object({ holdId: z.string().min(1).max(64) }))
  .action(async ({ parsedInput, ctx }) => {
    await releaseHold(ctx.tenant.id, actor(ctx), parsedInput.holdId);
    revalidatePath(`/t/${ctx.tenant.slug}/privacy/retention`);
    return { released: true as const };
  });
