"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withTenant } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { parseTenantSettings, ZUpdateTenantSettings } from "@/lib/tenants/schemas";

export const updateTenantSettings = tenantActionClient
  .metadata({ name: "update-tenant-settings", role: "admin" })
  .inputSchema(ZUpdateTenantSettings)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await withTenant(ctx.tenant.id, async (tx) => {
      const before = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenant.id } });
      const prev = parseTenantSettings(before.settings);
      const next = { ...prev, locale: parsedInput.locale, timezone: parsedInput.timezone, sessionIdleMinutes: parsedInput.sessionIdleMinutes };
      await tx.tenant.update({ where: { id: ctx.tenant.id }, data: { name: parsedInput.name, settings: next } });
      const changes = diff({ name: before.name, ...prev }, { name: parsedInput.name, ...next });
      if (Object.keys(changes).length > 0) {
        await recordAudit(tx, {
          tenantId: ctx.tenant.id,
          action: "tenant.settings_updated",
          actor: { userId: ctx.user.id, email: ctx.user.email },
          target: { type: "tenant", id: ctx.tenant.id },
          metadata: { changes },
          context: ctx.request,
        });
      }
    });
    revalidatePath(`/t/${ctx.tenant.slug}`, "layout");
    return { saved: true as const };
  });

function diff(a: Record<string, unknown>, b: Record<string, unknown>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = { from: a[k] ?? null, to: b[k] ?? null };
  }
  return out;
}
