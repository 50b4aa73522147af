"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withTenant } from "@/lib/db/client";
import { saveAllowedOrigins } from "@/lib/consent/admin";
import { ZAllowedOrigin } from "@/lib/widget/settings";

const ZConsentOrigins = z.object({
  origins: z
    .array(ZAllowedOrigin)
    .max(20, "At most 20 websites.")
    .transform((l) => [...new Set(l)]),
});

/** The websites that may load the banner and record consent. Not part of the policy: no re-prompt. */
export const saveConsentOrigins = tenantActionClient
  .metadata({ name: "save-consent-origins", role: "admin" })
  .inputSchema(ZConsentOrigins)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await withTenant(ctx.tenant.id, (tx) => saveAllowedOrigins(tx, ctx.tenant.id, parsedInput.origins, { userId: ctx.user.id, email: ctx.user.email }, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/privacy/consent`);
    return { origins: parsedInput.origins };
  });
