"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withTenant } from "@/lib/db/client";
import { publishConsentPolicy as publish } from "@/lib/consent/admin";
import { ZConsentPolicy } from "@/lib/consent/schemas";

/** A new policy version: its fingerprint changes, so every visitor is asked again. */
export const publishConsentPolicy = tenantActionClient
  .metadata({ name: "publish-consent-policy", role: "admin" })
  .inputSchema(ZConsentPolicy)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const r = await withTenant(ctx.tenant.id, (tx) => publish(tx, ctx.tenant.id, parsedInput, { userId: ctx.user.id, email: ctx.user.email }, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/privacy/consent`);
    return r;
  });
