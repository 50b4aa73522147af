"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { saveRetentionSettings as save } from "../settings";

export const saveRetentionSettings = tenantActionClient
  .metadata({ name: "save-retention-settings", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(z.object({ values: z.record(z.string(), z.union([z.string(), z.number()])), confirmed: z.boolean().default(false) }))
  .action(async ({ parsedInput, ctx }) => {
    const r = await save(ctx.tenant.id, { userId: ctx.user.id, email: ctx.user.email, requestId: ctx.request.requestId, ipPrefix: ctx.request.ipPrefix }, parsedInput.values, parsedInput.confirmed);
    if (r.saved) revalidatePath(`/t/${ctx.tenant.slug}/privacy/retention`);
    return r;
  });
