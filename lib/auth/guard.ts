import "server-only";
import { forbidden, notFound } from "next/navigation";
import { listMemberships } from "./memberships";
import { requireUser, type TSessionUser } from "./session";
import { hasRole, type TRole } from "./roles";

export type TMemberContext = {
  user: TSessionUser;
  tenant: { id: string; slug: string; name: string };
  role: TRole;
};

/**
 * The one role check for pages and route handlers. A tenant the user doesn't
 * belong to is a 404 (its existence isn't confirmed); membership with too low a
 * role is a 403.
 */
export async function requireMember(tenantSlug: string, minRole: TRole = "analyst"): Promise<TMemberContext> {
  const user = await requireUser(`/t/${encodeURIComponent(tenantSlug)}`);
  const membership = (await listMemberships(user.id)).find((m) => m.tenantSlug === tenantSlug);
  if (!membership) notFound();
  if (!hasRole(membership.role, minRole)) forbidden();
  return {
    user,
    tenant: { id: membership.tenantId, slug: membership.tenantSlug, name: membership.tenantName },
    role: membership.role,
  };
}
