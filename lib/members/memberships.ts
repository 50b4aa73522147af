import "server-only";
import { withTenant, type TTx } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { assignableRoles, type TRole } from "@/lib/auth/roles";
import type { TSessionUser } from "@/lib/auth/session";
import type { TRequestContext } from "@/lib/http/request-context";
import { audit } from "./invitations";

type TActor = { user: TSessionUser; role: TRole; tenant: { id: string; name: string } };
type TCtx = Pick<TRequestContext, "requestId" | "ipPrefix">;

async function loadTarget(tx: TTx, membershipId: string) {
  const target = await tx.membership.findUnique({ where: { id: membershipId }, include: { user: { select: { email: true } } } });
  if (!target) throw new ActionError("not_found", "That member no longer exists.");
  return target;
}

/** Admins manage roles below their own; only owners touch owners; a workspace always keeps an owner. */
function assertCanManage(actor: TActor, targetRole: TRole, newRole?: TRole) {
  const allowed = assignableRoles(actor.role);
  if (!allowed.includes(targetRole) || (newRole && !allowed.includes(newRole))) {
    throw new ActionError("forbidden", `As ${actor.role} you cannot change a member who is ${targetRole}${newRole ? ` to ${newRole}` : ""}.`);
  }
}

async function assertNotLastOwner(tx: TTx, targetRole: TRole) {
  if (targetRole !== "owner") return;
  const owners = await tx.membership.count({ where: { role: "owner" } });
  if (owners <= 1) throw new ActionError("conflict", "A workspace needs at least one owner. Make someone else owner first.");
}

export async function changeMemberRole(actor: TActor, input: { membershipId: string; role: TRole }, ctx: TCtx) {
  await withTenant(actor.tenant.id, async (tx) => {
    const target = await loadTarget(tx, input.membershipId);
    if (target.role === input.role) return;
    assertCanManage(actor, target.role, input.role);
    if (input.role !== "owner") await assertNotLastOwner(tx, target.role);
    await tx.membership.update({ where: { id: target.id }, data: { role: input.role } });
    await audit(tx, actor, "member.role_changed", { type: "membership", id: target.id }, { email: target.user.email, from: target.role, to: input.role }, ctx);
  });
}

export async function removeMember(actor: TActor, membershipId: string, ctx: TCtx) {
  await withTenant(actor.tenant.id, async (tx) => {
    const target = await loadTarget(tx, membershipId);
    if (target.userId !== actor.user.id) assertCanManage(actor, target.role);
    await assertNotLastOwner(tx, target.role);
    await tx.membership.delete({ where: { id: target.id } });
    await audit(tx, actor, "member.removed", { type: "membership", id: target.id }, { email: target.user.email, role: target.role }, ctx);
  });
}

export async function listMembersAndInvitations(tenantId: string) {
  return withTenant(tenantId, async (tx) => {
    const members = await tx.membership.findMany({
      include: { user: { select: { email: true, name: true } } },
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    });
    const invitations = await tx.invitation.findMany({ where: { acceptedAt: null, revokedAt: null }, orderBy: { createdAt: "desc" } });
    return { members, invitations };
  });
}
