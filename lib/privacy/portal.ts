import "server-only";
import { db, withTenant } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { dsrByIdentity, dsrByIp } from "@/lib/security/limits";
import { ipRateKey } from "@/lib/security/rate-limit";
import { sendEvent } from "@/inngest/send";
import { log } from "@/lib/log";
import { dueDate } from "./deadlines";
import { notifyAdmins } from "./notify";
import { PLATFORM_TENANT_SLUG } from "./platform";
import { codeMatches, handleHash, MAX_CODE_ATTEMPTS, newHandle } from "./secrets";
import { deliveryFor, findSubject, parseIdentity } from "./subject";
import type { TSubmitPrivacyRequest } from "./schemas";
import { REQUEST_TYPE_LABELS } from "./schemas";

/**
 * The public side of the privacy center. Two rules shape it:
 *
 * - Nothing is released or changed before the requester proves they control an
 *   identity already on file (a one-time code sent there).
 * - No account enumeration: an identity we don't know gets the same answer
 *   (a new handle and the code page), in the same time class (every answer is
 *   padded to a floor that covers the known-identity path), and leaves no row,
 *   no message and no log line that names it.
 */
export const RESPONSE_FLOOR_MS = 700;

export const CODE_REFUSED = "That code is not valid or has expired. Codes expire after 10 minutes and allow 5 attempts: if yours no longer works, start a new request.";

async function padTo(startedMs: number, floorMs: number): Promise<void> {
  const wait = floorMs - (performance.now() - startedMs);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

export type TPortalTenant = { id: string; name: string; slug: string; platform: boolean };

export async function portalTenant(slug: string): Promise<TPortalTenant | null> {
  const rows = await db().$queryRaw<{ id: string; name: string }[]>`SELECT id, name FROM sotto_tenant_by_slug(${slug})`;
  const t = rows[0];
  return t ? { id: t.id, name: t.name, slug, platform: slug === PLATFORM_TENANT_SLUG } : null;
}

export async function submitPrivacyRequest(input: TSubmitPrivacyRequest, ctx: { ip: string | null }, floorMs = RESPONSE_FLOOR_MS): Promise<{ handle: string }> {
  const started = performance.now();
  try {
    const identity = parseIdentity(input.identity);
    if (!identity) throw new ActionError("invalid", "Enter a valid email address or a phone number with its country code (+39 …).");
    const tenant = await portalTenant(input.tenantSlug);
    if (!tenant) throw new ActionError("not_found", "This privacy center does not exist.");
    // Keyed by what was typed, not by whether it exists: known and unknown identities spend the same budgets.
    const [byIp, byIdentity] = await Promise.all([dsrByIp.consume(ipRateKey(ctx.ip)), dsrByIdentity.consume(`${tenant.id}:${identity.kind}:${identity.value}`)]);
    if (!byIp.ok || !byIdentity.ok) {
      const wait = Math.max(byIp.ok ? 0 : byIp.retryAfterSec, byIdentity.ok ? 0 : byIdentity.retryAfterSec);
      throw new ActionError("rate_limited", `Too many privacy requests. Try again in ${Math.ceil(wait / 60)} minute(s).`);
    }

    const handle = newHandle();
    const receivedAt = now();
    const requestId = await withTenant(tenant.id, async (tx) => {
      const subject = await findSubject(tx, tenant.id, identity, { platform: tenant.platform });
      if (!subject) return null;
      if (!(await deliveryFor(tx, tenant.id, subject))) return null;
      const created = await tx.privacyRequest.create({
        data: {
          tenantId: tenant.id,
          type: input.details.type,
          handleHash: handleHash(handle),
          identityKind: subject.identityKind,
          identityValue: subject.identityValue,
          contactIds: subject.contactIds,
          userId: subject.userId,
          details: input.details as Prisma.InputJsonValue,
          receivedAt,
          dueAt: dueDate(receivedAt),
        },
        select: { id: true },
      });
      return created.id;
    });
    if (requestId) {
      // Sent in the background: the answer must not wait on a mail provider.
      await sendEvent({ name: "privacy.code_requested", data: { tenantId: tenant.id, requestId }, id: `privacy-code-${requestId}` }).catch((error) =>
        log.error("privacy code not queued", { requestId, error: String(error) }),
      );
    }
    return { handle };
  } finally {
    await padTo(started, floorMs);
  }
}

/**
 * Where and with what the requester confirmed: country (from the address, the
 * address itself is not kept) and browser family. A consent withdrawal's
 * proof record carries them, like a banner choice.
 */
export type TVerifyContext = { requestId?: string | null; ipPrefix?: string | null; country?: string; uaFamily?: string };

/** Checks a code. Every failure reads the same, whether the handle exists or not. */
export async function verifyPrivacyCode(input: { tenantSlug: string; handle: string; code: string }, ctx: TVerifyContext, floorMs = RESPONSE_FLOOR_MS): Promise<{ verified: true }> {
  const started = performance.now();
  try {
    const tenant = await portalTenant(input.tenantSlug);
    if (!tenant) throw new ActionError("not_found", "This privacy center does not exist.");
    const at = now();
    const verified = await withTenant(tenant.id, async (tx) => {
      const r = await tx.privacyRequest.findFirst({
        where: { tenantId: tenant.id, handleHash: handleHash(input.handle), status: "unverified" },
        select: { id: true, type: true, codeHash: true, codeExpiresAt: true },
      });
      if (!r) return null;
      // Counted before comparing, in one statement, so parallel guesses cannot exceed the budget.
      const bumped = await tx.privacyRequest.updateMany({ where: { id: r.id, status: "unverified", codeAttempts: { lt: MAX_CODE_ATTEMPTS } }, data: { codeAttempts: { increment: 1 } } });
      if (bumped.count !== 1) return null;
      if (!r.codeExpiresAt || r.codeExpiresAt.getTime() <= at.getTime() || !codeMatches(r.id, input.code, r.codeHash)) return null;
      const requester = r.type === "consent_withdrawal" ? { requester: { country: ctx.country ?? "unknown", uaFamily: ctx.uaFamily ?? "unknown" } } : {};
      await tx.privacyRequest.update({ where: { id: r.id }, data: { status: "pending", verifiedAt: at, codeHash: null, codeExpiresAt: null, progress: requester } });
      await recordAudit(tx, {
        tenantId: tenant.id,
        action: "privacy.request_verified",
        target: { type: "PrivacyRequest", id: r.id },
        metadata: { type: r.type },
        context: { requestId: ctx.requestId, ipPrefix: ctx.ipPrefix },
      });
      return r;
    });
    if (!verified) throw new ActionError("invalid", CODE_REFUSED);
    const label = REQUEST_TYPE_LABELS[verified.type].title;
    void notifyAdmins(tenant.id, {
      subject: `New privacy request: ${label}`,
      body: `A data subject verified a privacy request (${label}). It is due within one calendar month; review it in the privacy requests list.`,
      path: `/t/${encodeURIComponent(tenant.slug)}/privacy/requests/${verified.id}`,
    }).catch((error) => log.warn("privacy admin notification failed", { error: String(error) }));
    return { verified: true };
  } finally {
    await padTo(started, floorMs);
  }
}

export type TRequestView =
  | { state: "awaiting_code" }
  | {
      state: "verified";
      type: keyof typeof REQUEST_TYPE_LABELS;
      status: "pending" | "processing" | "completed" | "refused" | "unverified";
      receivedAt: Date;
      dueAt: Date;
      extended: boolean;
      extensionReason: string | null;
      refusalReason: string | null;
      completedAt: Date | null;
    };

/** What the requester's status page shows. An unknown handle looks like one waiting for its code. */
export async function requestView(tenantId: string, handle: string): Promise<TRequestView> {
  const r = await withTenant(tenantId, (tx) =>
    tx.privacyRequest.findFirst({
      where: { tenantId, handleHash: handleHash(handle) },
      select: { type: true, status: true, receivedAt: true, dueAt: true, extendedAt: true, extensionReason: true, refusalReason: true, completedAt: true },
    }),
  );
  if (!r || r.status === "unverified") return { state: "awaiting_code" };
  return {
    state: "verified",
    type: r.type,
    status: r.status,
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    extended: Boolean(r.extendedAt),
    extensionReason: r.extensionReason,
    refusalReason: r.refusalReason,
    completedAt: r.completedAt,
  };
}
