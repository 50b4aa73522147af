import "server-only";
import { db, withTenant, withUser } from "@/lib/db/client";
import { recordAudit, recordSecurityEvent } from "@/lib/audit/record";
import type { TAuditAction } from "@/lib/audit/actions";
import { requestContext, type TRequestContext } from "@/lib/http/request-context";
import { listMemberships } from "./memberships";

async function safeContext(): Promise<Partial<TRequestContext>> {
  try {
    return await requestContext();
  } catch {
    return {};
  }
}

/** Sign-in events belong to every tenant the user is a member of: each tenant's admins see them. */
async function auditForUser(userId: string, email: string, action: TAuditAction, metadata: Record<string, unknown> = {}) {
  const ctx = await safeContext();
  const memberships = await listMemberships(userId);
  for (const m of memberships) {
    await withTenant(m.tenantId, (tx) =>
      recordAudit(tx, {
        tenantId: m.tenantId,
        action,
        actor: { userId, email },
        target: { type: "user", id: userId },
        metadata,
        context: { requestId: ctx.requestId, ipPrefix: ctx.ipPrefix },
      }),
    );
  }
  return memberships.length;
}

export async function recordSignIn(userId: string, email: string) {
  await auditForUser(userId, email, "auth.sign_in");
}

export async function recordSignOut(userId: string) {
  const user = await withUser(userId, (tx) => tx.user.findUnique({ where: { id: userId }, select: { email: true } }));
  if (user) await auditForUser(userId, user.email, "auth.sign_out");
}

/** A refused magic link. Known users get a tenant audit event; unknown addresses a platform security event. */
export async function recordSignInFailure(identifier: string, reason: string) {
  const email = identifier.toLowerCase();
  const rows = await db().$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${email}) AS id`;
  const userId = rows[0]?.id;
  const recorded = userId ? await auditForUser(userId, email, "auth.sign_in_failed", { reason }) : 0;
  if (recorded === 0) {
    const ctx = await safeContext();
    await recordSecurityEvent({ action: "auth.sign_in_failed", email, metadata: { reason }, context: { requestId: ctx.requestId, ipPrefix: ctx.ipPrefix } });
  }
}
