import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, withTenant, withTenantUser, type TTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { sendEmail } from "@/lib/email/send";
import { invitationEmail } from "@/lib/auth/emails";
import { ActionError } from "@/lib/actions/errors";
import { assignableRoles, ROLE_LABELS, type TRole } from "@/lib/auth/roles";
import type { TSessionUser } from "@/lib/auth/session";
import type { TRequestContext } from "@/lib/http/request-context";
import { INVITATION_TTL_DAYS } from "./schemas";

type TActor = { user: TSessionUser; role: TRole; tenant: { id: string; name: string } };
type TCtx = Pick<TRequestContext, "requestId" | "ipPrefix">;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function inviteMember(actor: TActor, input: { email: string; role: TRole }, ctx: TCtx) {
  if (!assignableRoles(actor.role).includes(input.role)) {
    throw new ActionError("forbidden", `As ${actor.role} you cannot invite someone as ${input.role}.`);
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now().getTime() + INVITATION_TTL_DAYS * 86_400_000);
  await withTenant(actor.tenant.id, async (tx) => {
    const existingMember = await tx.membership.findFirst({ where: { user: { email: input.email } } });
    if (existingMember) throw new ActionError("conflict", `${input.email} is already a member of this workspace.`);
    // A new invitation replaces any pending one for the same address.
    await tx.invitation.updateMany({
      where: { email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now() },
    });
    const inv = await tx.invitation.create({
      data: { tenantId: actor.tenant.id, email: input.email, role: input.role, tokenHash: hashToken(token), invitedById: actor.user.id, expiresAt },
    });
    await recordAudit(tx, {
      tenantId: actor.tenant.id,
      action: "member.invited",
      actor: { userId: actor.user.id, email: actor.user.email },
      target: { type: "invitation", id: inv.id },
      metadata: { email: input.email, role: input.role },
      context: ctx,
    });
  });
  await sendEmail({
    to: input.email,
    ...invitationEmail({ url: `${env.APP_URL}/invite/${token}`, tenantName: actor.tenant.name, inviterEmail: actor.user.email, role: ROLE_LABELS[input.role] }),
  });
}

export async function revokeInvitation(actor: TActor, invitationId: string, ctx: TCtx) {
  await withTenant(actor.tenant.id, async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, acceptedAt: null, revokedAt: null }, data: { revokedAt: now() } });
    if (count === 0) throw new ActionError("not_found", "That invitation is no longer pending.");
    await audit(tx, actor, "member.invitation_revoked", { type: "invitation", id: invitationId }, {}, ctx);
  });
}

export type TInvitationLookup = {
  id: string;
  tenantId: string;
  tenantName: string;
  email: string;
  role: TRole;
  state: "pending" | "expired" | "accepted" | "revoked";
};

/** Looks an invitation up by its token: the token is the only thing the invitee has. */
export async function findInvitation(token: string): Promise<TInvitationLookup | null> {
  const rows = await db().$queryRaw<
    { id: string; tenant_id: string; tenant_name: string; email: string; role: TRole; expires_at: Date; accepted_at: Date | null; revoked_at: Date | null }[]
  >`SELECT * FROM sotto_invitation_by_token_hash(${hashToken(token)})`;
  const r = rows[0];
  if (!r) return null;
  const state = r.accepted_at ? "accepted" : r.revoked_at ? "revoked" : r.expires_at.getTime() < now().getTime() ? "expired" : "pending";
  return { id: r.id, tenantId: r.tenant_id, tenantName: r.tenant_name, email: r.email, role: r.role, state };
}

export async function acceptInvitation(user: TSessionUser, token: string, ctx: TCtx) {
  const inv = await findInvitation(token);
  if (!inv) throw new ActionError("not_found", "This invitation link is not valid.");
  if (inv.state !== "pending") throw new ActionError("expired", `This invitation is ${inv.state}. Ask an admin for a new one.`);
  // The link may be forwarded; only the invited address can use it.
  if (inv.email.toLowerCase() !== user.email.toLowerCase()) {
    throw new ActionError("forbidden", `This invitation is for ${inv.email}. Sign in with that address to accept it.`);
  }
  return withTenantUser(inv.tenantId, user.id, async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: now() } });
    if (count === 0) throw new ActionError("expired", "This invitation was already used.");
    const membership = await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: inv.tenantId, userId: user.id } },
      create: { tenantId: inv.tenantId, userId: user.id, role: inv.role },
      update: {},
    });
    await recordAudit(tx, {
      tenantId: inv.tenantId,
      action: "member.joined",
      actor: { userId: user.id, email: user.email },
      target: { type: "membership", id: membership.id },
      metadata: { role: inv.role, invitationId: inv.id },
      context: ctx,
    });
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: inv.tenantId }, select: { slug: true } });
    return { slug: tenant.slug };
  });
}

export async function audit(
  tx: TTx,
  actor: TActor,
  action: Parameters<typeof recordAudit>[1]["action"],
  target: { type: string; id: string },
  metadata: Record<string, unknown>,
  ctx: TCtx,
) {
  await recordAudit(tx, { tenantId: actor.tenant.id, action, actor: { userId: actor.user.id, email: actor.user.email }, target, metadata, context: ctx });
}
