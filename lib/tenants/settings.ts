import "server-only";
import { withTenant } from "@/lib/db/client";
import { parseTenantSettings } from "./schemas";

export async function getTenantSettings(tenantId: string) {
  const t = await withTenant(tenantId, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, settings: true } }));
  return { name: t.name, settings: parseTenantSettings(t.settings) };
}
