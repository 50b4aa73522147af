import "server-only";
import { withTenant } from "@/lib/db/client";

export async function workspaceOverview(tenantId: string, opts: { withAudit: boolean }) {
  return withTenant(tenantId, async (tx) => {
    const [members, pendingInvitations, auditEvents] = await Promise.all([
      tx.membership.count(),
      tx.invitation.count({ where: { acceptedAt: null, revokedAt: null } }),
      tx.auditEvent.count(),
    ]);
    const recentAudit = opts.withAudit
      ? await tx.auditEvent.findMany({ orderBy: { seq: "desc" }, take: 5, select: { id: true, action: true, actorEmail: true, createdAt: true } })
      : null;
    return { members, pendingInvitations, auditEvents, recentAudit };
  });
}
