"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withTenant } from "@/lib/db/client";
import { ensureConsentConfig } from "@/lib/consent/admin";

export const setUpConsent = tenantActionClient
  .metadata({ name: "set-up-consent", role: "admin" })
  .inputSchema(z.object({}))
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ ctx }) => {
    await withTenant(ctx.tenant.id, (tx) => ensureConsentConfig(tx, ctx.tenant.id, { userId: ctx.user.id, email: ctx.user.email }, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/privacy/consent`);
    return { ok: true as const };
  });
