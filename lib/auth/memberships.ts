import "server-only";
import { cache } from "react";
import { db } from "@/lib/db/client";
import type { TRole } from "./roles";

export type TMembershipSummary = { tenantId: string; tenantName: string; tenantSlug: string; role: TRole };

/**
 * A user's memberships across tenants. Membership rows are tenant-isolated, so this
 * goes through the narrow SECURITY DEFINER function made for exactly this lookup.
 * Cached per request.
 */
export const listMemberships = cache(async (userId: string): Promise<TMembershipSummary[]> => {
  const rows = await db().$queryRaw<{ tenant_id: string; tenant_name: string; tenant_slug: string; role: TRole }[]>`
    SELECT tenant_id, tenant_name, tenant_slug, role FROM sotto_user_memberships(${userId})`;
  return rows.map((r) => ({ tenantId: r.tenant_id, tenantName: r.tenant_name, tenantSlug: r.tenant_slug, role: r.role }));
});
