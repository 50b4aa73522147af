import "server-only";
import { withTenant } from "@/lib/db/client";
import type { PrivacyRequestStatus } from "@/lib/db/generated/enums";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { sendEvent } from "@/inngest/send";
import { log } from "@/lib/log";
import { deadlineState, extendDeadline, type TDeadlineState } from "./deadlines";
import { notifyCompleted, notifyExtended, notifyRefused } from "./outcomes";
import { DOWNLOAD_TTL_MS } from "./secrets";
import { monthlySla } from "./sla";

/**
 * The controller's side: the tenant's admins review verified requests, approve
 * (fulfilment starts), refuse with a reason, or extend the deadline with a
 * reason. Every change is audited in the same transaction and the requester is
 * told after commit.
 */
export type TActor = { userId: string; email: string; requestId?: string | null; ipPrefix?: string | null };

const audit = (actor: TActor) => ({
  actor: { userId: actor.userId, email: actor.email },
  context: { requestId: actor.requestId ?? null, ipPrefix: actor.ipPrefix ?? null },
});

const OPEN: PrivacyRequestStatus[] = ["pending", "processing"];

export type TRequestFilter = "open" | "due_soon" | "overdue" | "extended" | "closed" | "all";

export type TRequestListItem = {
  id: string;
  type: string;
  status: PrivacyRequestStatus;
  identityKind: string;
  maskedIdentity: string;
  receivedAt: Date;
  dueAt: Date;
  extended: boolean;
  completedAt: Date | null;
  deadline: TDeadlineState | "closed";
};

/** j***@example.com, +39 ••• ••• 4567: enough to recognise, not to copy. */
export function maskIdentity(kind: string, value: string): string {
  if (kind === "email") {
    const [local, domain] = value.split("@");
    return `${(local ?? "").slice(0, 1)}***@${domain ?? ""}`;
  }
  return `${value.slice(0, 3)} ••• ${value.slice(-4)}`;
}

export async function listRequests(tenantId: string, filter: TRequestFilter = "open"): Promise<TRequestListItem[]> {
  const at = now();
  const rows = await withTenant(tenantId, (tx) =>
    tx.privacyRequest.findMany({
      where: {
        tenantId,
        status: filter === "closed" ? { in: ["completed", "refused"] } : filter === "all" ? { not: "unverified" } : { in: OPEN },
        ...(filter === "extended" ? { extendedAt: { not: null } } : {}),
        ...(filter === "overdue" ? { dueAt: { lt: at } } : {}),
      },
      orderBy: filter === "closed" ? { completedAt: "desc" } : { dueAt: "asc" },
      take: 200,
      select: { id: true, type: true, status: true, identityKind: true, identityValue: true, receivedAt: true, dueAt: true, extendedAt: true, completedAt: true, decidedAt: true },
    }),
  );
  const items = rows.map((r) => ({
    id: r.id,
    type: r.type,
    status: r.status,
    identityKind: r.identityKind,
    maskedIdentity: maskIdentity(r.identityKind, r.identityValue),
    receivedAt: r.receivedAt,
    dueAt: r.dueAt,
    extended: Boolean(r.extendedAt),
    completedAt: r.completedAt ?? (r.status === "refused" ? r.decidedAt : null),
    deadline: OPEN.includes(r.status) ? deadlineState(r.dueAt, at) : ("closed" as const),
  }));
  return filter === "due_soon" ? items.filter((i) => i.deadline === "due_soon") : items;
}

export async function requestCounts(tenantId: string): Promise<{ open: number; dueSoon: number; overdue: number; extended: number }> {
  const items = await listRequests(tenantId, "open");
  return {
    open: items.length,
    dueSoon: items.filter((i) => i.deadline === "due_soon").length,
    overdue: items.filter((i) => i.deadline === "overdue").length,
    extended: items.filter((i) => i.extended).length,
  };
}

export async function getRequest(tenantId: string, id: string) {
  return withTenant(tenantId, async (tx) => {
    const r = await tx.privacyRequest.findFirst({
      where: { tenantId, id, status: { not: "unverified" } },
      include: { exports: { orderBy: { createdAt: "desc" }, select: { id: true, purpose: true, status: true, byteSize: true, rowCounts: true, expiresAt: true, downloadedAt: true, createdAt: true } } },
    });
    if (!r) return null;
    const holds = await tx.legalHold.findMany({ where: { tenantId, releasedAt: null, contactId: { in: r.contactIds } }, select: { id: true, reason: true, contactId: true } });
    const { codeHash: _c, handleHash: _h, ...safe } = r;
    return { ...safe, holds };
  });
}

export async function approveRequest(tenantId: string, id: string, actor: TActor, note?: string): Promise<{ status: PrivacyRequestStatus }> {
  const at = now();
  const r = await withTenant(tenantId, async (tx) => {
    const req = await tx.privacyRequest.findFirst({ where: { tenantId, id }, select: { id: true, type: true, status: true } });
    if (!req || req.status === "unverified") throw new ActionError("not_found", "That request no longer exists.");
    if (req.status !== "pending") throw new ActionError("conflict", "This request was already decided.");
    if (req.type === "rectification" && !(note && note.trim().length >= 5)) {
      throw new ActionError("invalid", "Say what you corrected (at least 5 characters); it is sent to the requester.");
    }
    const rectified = req.type === "rectification";
    await tx.privacyRequest.update({
      where: { id },
      data: { status: rectified ? "completed" : "processing", decidedAt: at, decidedById: actor.userId, ...(rectified ? { completedAt: at } : {}) },
    });
    await recordAudit(tx, { tenantId, action: "privacy.request_approved", target: { type: "PrivacyRequest", id }, metadata: { type: req.type }, ...audit(actor) });
    if (rectified) await recordAudit(tx, { tenantId, action: "privacy.request_completed", target: { type: "PrivacyRequest", id }, metadata: { type: req.type }, ...audit(actor) });
    return req;
  });
  if (r.type === "rectification") {
    await notifyCompleted(tenantId, id, { note: note?.trim() }).catch((error) => log.warn("requester not notified", { error: String(error) }));
    return { status: "completed" };
  }
  await sendEvent({ name: "privacy.request_approved", data: { tenantId, requestId: id }, id: `privacy-fulfil-${id}` });
  return { status: "processing" };
}

export async function refuseRequest(tenantId: string, id: string, actor: TActor, reason: string): Promise<void> {
  const at = now();
  await withTenant(tenantId, async (tx) => {
    const { count } = await tx.privacyRequest.updateMany({
      where: { tenantId, id, status: "pending" },
      data: { status: "refused", refusalReason: reason.trim(), decidedAt: at, decidedById: actor.userId },
    });
    if (count !== 1) throw new ActionError("conflict", "Only a request waiting for a decision can be refused.");
    await recordAudit(tx, { tenantId, action: "privacy.request_refused", target: { type: "PrivacyRequest", id }, metadata: { reasonLength: reason.trim().length }, ...audit(actor) });
  });
  await notifyRefused(tenantId, id).catch((error) => log.warn("requester not notified", { error: String(error) }));
}

export async function extendRequest(tenantId: string, id: string, actor: TActor, months: number, reason: string): Promise<{ dueAt: Date }> {
  const at = now();
  const dueAt = await withTenant(tenantId, async (tx) => {
    const req = await tx.privacyRequest.findFirst({ where: { tenantId, id }, select: { status: true, receivedAt: true, dueAt: true } });
    if (!req || req.status === "unverified") throw new ActionError("not_found", "That request no longer exists.");
    if (!OPEN.includes(req.status)) throw new ActionError("conflict", "Only an open request can be extended.");
    const ext = extendDeadline({ receivedAt: req.receivedAt, currentDueAt: req.dueAt, months, reason });
    if (!ext.ok) throw new ActionError("invalid", ext.error);
    await tx.privacyRequest.update({ where: { id }, data: { dueAt: ext.dueAt, extendedAt: at, extensionReason: reason.trim() } });
    await recordAudit(tx, {
      tenantId,
      action: "privacy.request_extended",
      target: { type: "PrivacyRequest", id },
      metadata: { from: req.dueAt.toISOString(), to: ext.dueAt.toISOString(), months },
      ...audit(actor),
    });
    return ext.dueAt;
  });
  await notifyExtended(tenantId, id).catch((error) => log.warn("requester not notified", { error: String(error) }));
  return { dueAt };
}

/** After an erasure: an export of every store for the same subject, to check that only retained items are left. */
export async function startVerificationExport(tenantId: string, id: string, actor: TActor): Promise<{ exportId: string }> {
  const exportId = await withTenant(tenantId, async (tx) => {
    const req = await tx.privacyRequest.findFirst({ where: { tenantId, id }, select: { type: true, status: true } });
    if (!req || req.type !== "erasure" || req.status !== "completed") throw new ActionError("conflict", "A verification export is for completed erasure requests.");
    const ex = await tx.privacyExport.create({ data: { tenantId, requestId: id, purpose: "verification", expiresAt: new Date(now().getTime() + DOWNLOAD_TTL_MS) }, select: { id: true } });
    await recordAudit(tx, { tenantId, action: "privacy.verification_export", target: { type: "PrivacyRequest", id }, metadata: { exportId: ex.id }, ...audit(actor) });
    return ex.id;
  });
  await sendEvent({ name: "privacy.verification_export", data: { tenantId, requestId: id, exportId }, id: `privacy-verify-${exportId}` });
  return { exportId };
}

/** The last `months` months of the monthly SLA (lib/privacy/sla.ts). */
export async function tenantSla(tenantId: string, months = 12) {
  const at = now();
  const since = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - months + 1, 1));
  const rows = await withTenant(tenantId, (tx) =>
    tx.privacyRequest.findMany({
      where: { tenantId, status: { not: "unverified" }, receivedAt: { gte: since } },
      select: { receivedAt: true, dueAt: true, completedAt: true, decidedAt: true, status: true },
    }),
  );
  return monthlySla(
    rows.map((r) => ({ receivedAt: r.receivedAt, dueAt: r.dueAt, closedAt: r.completedAt ?? (r.status === "refused" ? r.decidedAt : null) })),
    at,
    months,
  );
}
