"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { ActionError } from "@/lib/actions/errors";
import { withTenant } from "@/lib/db/client";
import { removeVendorWebhook, setVendorWebhook } from "@/lib/consent/admin";
import { ZVendorId } from "@/lib/consent/schemas";
import { webhookUrlProblem } from "@/lib/consent/webhook";

const ZInput = z.object({ vendorId: ZVendorId, url: z.string().trim().max(500), rotateSecret: z.boolean().default(false), remove: z.boolean().default(false) });

/** A vendor's withdrawal webhook. A new or rotated signing secret is returned once, to hand to the vendor. */
export const setConsentWebhook = tenantActionClient
  .metadata({ name: "set-consent-webhook", role: "admin" })
  .inputSchema(ZInput)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const actor = { userId: ctx.user.id, email: ctx.user.email };
    if (parsedInput.remove) {
      await withTenant(ctx.tenant.id, (tx) => removeVendorWebhook(tx, ctx.tenant.id, parsedInput.vendorId, actor, ctx.request));
      revalidatePath(`/t/${ctx.tenant.slug}/privacy/consent`);
      return { secret: null, removed: true };
    }
    const problem = webhookUrlProblem(parsedInput.url);
    if (problem) throw new ActionError("invalid", problem);
    const r = await withTenant(ctx.tenant.id, (tx) => setVendorWebhook(tx, ctx.tenant.id, parsedInput, actor, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/privacy/consent`);
    return { secret: r.secret, removed: false };
  });
