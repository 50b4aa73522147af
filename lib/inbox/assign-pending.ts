import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { db, withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { log } from "@/lib/log";
import { announceAutoAssign, autoAssign, type TAutoAssignResult } from "./auto-assign";

/**
 * The other half of business hours: conversations that arrived while a team
 * or inbox was closed were left pending and unassigned (auto-assign.ts). When
 * hours start, the assign-pending-conversations cron hands them out, oldest
 * activity first, through the same autoAssign (capacity, round-robin; still
 * closed → left as they are). Only conversations whose latest activity line is
 * the "outside business hours" one are picked: a conversation an agent set to
 * pending by hand is theirs to manage.
 */
export const PENDING_BATCH = 500;
/** Statuses kept for a provider id that never showed up (a message sent outside Sotto) are dropped after this. */
export const PENDING_STATUS_TTL_MS = 7 * 24 * 3600 * 1000;

export type TPendingByTenant = Record<string, string[]>;

export async function listOutsideHoursPending(limit = PENDING_BATCH): Promise<TPendingByTenant> {
  const rows = await db().$queryRaw<{ tenant_id: string; conversation_id: string }[]>(Prisma.sql`SELECT * FROM sotto_outside_hours_pending(${limit}::int)`);
  const out: TPendingByTenant = {};
  for (const r of rows) (out[r.tenant_id] ??= []).push(r.conversation_id);
  return out;
}

/** One tenant's share of the sweep. Each conversation in its own transaction, so one failure leaves the others assigned. */
export async function assignPendingForTenant(tenantId: string, conversationIds: string[]): Promise<{ assigned: number; waiting: number; failed: number }> {
  const counts = { assigned: 0, waiting: 0, failed: 0 };
  for (const conversationId of conversationIds) {
    let r: TAutoAssignResult;
    try {
      r = await withTenant(tenantId, (tx) => autoAssign(tx, tenantId, conversationId));
    } catch (error) {
      log.error("pending conversation not assigned", { tenantId, conversationId, error });
      counts.failed++;
      continue;
    }
    if (r.outcome === "assigned") {
      counts.assigned++;
      await announceAutoAssign(tenantId, conversationId, r);
    } else counts.waiting++;
  }
  return counts;
}

export async function purgeStalePendingStatuses(): Promise<number> {
  const before = new Date(now().getTime() - PENDING_STATUS_TTL_MS);
  const tenants = await db().$queryRaw<{ tenant_id: string }[]>(Prisma.sql`SELECT * FROM sotto_stale_pending_status_tenants(${before})`);
  let deleted = 0;
  for (const { tenant_id: tenantId } of tenants) {
    deleted += await withTenant(tenantId, (tx) => tx.pendingDeliveryStatus.deleteMany({ where: { tenantId, createdAt: { lt: before } } })).then((r) => r.count);
  }
  return deleted;
}
