import "server-only";
import type { PoolClient } from "pg";
import { Prisma } from "@/lib/db/generated/client";
import { db, pool, type TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { addCalendarMonths } from "@/lib/privacy/deadlines";
import { attachmentFiles } from "@/lib/privacy/stores/attachments";
import { withTenantIncludingDeleted } from "@/lib/privacy/tx";
import { effectiveMonths } from "./categories";

/**
 * Retention purge, in two stages per category:
 *
 * 1. soft deletion when the period ends: `deletedAt` is set, which hides the
 *    row from the application everywhere (restrictive RLS policy), and the
 *    message's search vector is cleared so it leaves the full-text index;
 * 2. physical deletion HARD_DELETE_AFTER_DAYS later (the policy promises
 *    within 90 days), attachments (rows and files) with their messages.
 *
 * Active legal holds on a contact or a conversation exempt it from both.
 * Work is bounded: every statement touches at most `batchSize` rows and runs
 * in its own short transaction. `dryRunPurge` counts exactly what
 * `purgeTenant` would do at the same instant with the same settings.
 */
export const HARD_DELETE_AFTER_DAYS = 30;
export const DEFAULT_BATCH = 5_000;

export type TTableCounts = Record<string, number>;
export type TCategoryCounts = { softDeleted: TTableCounts; physicallyDeleted: TTableCounts };
export type TPurgeCounts = Record<string, TCategoryCounts>;

type TWindow = { tenantId: string; at: Date; cutoff: Date; hardBefore: Date };

/**
 * The purge's statements run on the raw pool, not through Prisma: a tenant has
 * a dozen of them even when there is nothing to do, and at a hundred tenants
 * per night Prisma's per-transaction cost was most of the run. Each statement
 * is its own short transaction (BEGIN, context, statement, COMMIT).
 */
async function inTenantTx<T>(tenantId: string, work: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool().connect();
  try {
    await c.query("BEGIN");
    await c.query(
      "SELECT set_config('app.tenant_id', $1, true), set_config('app.include_deleted', 'on', true), set_config('statement_timeout', '60s', true)",
      [tenantId],
    );
    const out = await work(c);
    await c.query("COMMIT");
    return out;
  } catch (error) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

/** Timestamps are stored without time zone, in UTC: pass them as UTC text, whatever the process's zone. */
const ts = (d: Date) => d.toISOString().slice(0, 23);

/**
 * Conversations exempt by an active legal hold (on the conversation or on its
 * contact), evaluated once per statement (an InitPlan) rather than as a
 * correlated subquery joining every candidate message to its conversation.
 * $1 is the tenant id.
 */
const HELD = `ARRAY(
  SELECT h."conversationId" FROM "LegalHold" h WHERE h."tenantId" = $1 AND h."releasedAt" IS NULL AND h."conversationId" IS NOT NULL
  UNION ALL
  SELECT c.id FROM "LegalHold" h JOIN "Conversation" c ON c."tenantId" = $1 AND c."contactId" = h."contactId"
  WHERE h."tenantId" = $1 AND h."releasedAt" IS NULL AND h."contactId" IS NOT NULL)`;

// Candidate rows, $1 tenant, $2 the period's cutoff (soft) or the grace limit (hard).
const softMessages = `FROM "Message" m WHERE m."tenantId" = $1 AND m."deletedAt" IS NULL AND m."createdAt" < $2::timestamp AND NOT (m."conversationId" = ANY (${HELD}))`;
const hardMessages = `FROM "Message" m WHERE m."tenantId" = $1 AND m."deletedAt" < $2::timestamp AND NOT (m."conversationId" = ANY (${HELD}))`;
const softConversations = `FROM "Conversation" c WHERE c."tenantId" = $1 AND c."deletedAt" IS NULL AND c."lastActivityAt" < $2::timestamp AND NOT (c.id = ANY (${HELD}))`;
const hardConversations = `FROM "Conversation" c WHERE c."tenantId" = $1 AND c."deletedAt" < $2::timestamp AND NOT (c.id = ANY (${HELD}))`;

async function count(c: PoolClient, from: string, params: unknown[]): Promise<number> {
  const { rows } = await c.query<{ n: string }>(`SELECT count(*) AS n ${from}`, params);
  return Number(rows[0]?.n ?? 0);
}

function windowFor(tenantId: string, at: Date, months: number): TWindow {
  return { tenantId, at, cutoff: addCalendarMonths(at, -months), hardBefore: new Date(at.getTime() - HARD_DELETE_AFTER_DAYS * 86_400_000) };
}

async function settingsOf(tx: TTx, tenantId: string): Promise<Record<string, number>> {
  return effectiveMonths(await tx.retentionSetting.findMany({ where: { tenantId }, select: { category: true, months: true } }));
}

const empty = (): TCategoryCounts => ({ softDeleted: {}, physicallyDeleted: {} });

/** What a purge at `at` would delete, per category and table, with `months` in force (the tenant's settings by default). */
export async function dryRunPurge(tenantId: string, opts: { at?: Date; months?: Record<string, number> } = {}): Promise<TPurgeCounts> {
  const at = opts.at ?? now();
  const months = { ...(await withTenantIncludingDeleted(tenantId, (tx) => settingsOf(tx, tenantId))), ...(opts.months ?? {}) };
  return inTenantTx(tenantId, async (c) => {
    const out: TPurgeCounts = {};
    const conv = windowFor(tenantId, at, months["conversation-logs"]!);
    const soft = [tenantId, ts(conv.cutoff)];
    const hard = [tenantId, ts(conv.hardBefore)];
    out["conversation-logs"] = {
      softDeleted: { Message: await count(c, softMessages, soft), Conversation: await count(c, softConversations, soft) },
      physicallyDeleted: {
        Attachment: await count(c, `FROM "Attachment" a WHERE a."tenantId" = $1 AND a."messageId" IN (SELECT m.id ${hardMessages})`, hard),
        Message: await count(c, hardMessages, hard),
        Conversation: await count(c, hardConversations, hard),
      },
    };
    const logs = windowFor(tenantId, at, months["api-webhook-logs"]!);
    const logSoft = [tenantId, ts(logs.cutoff)];
    const logHard = [tenantId, ts(logs.hardBefore)];
    out["api-webhook-logs"] = {
      softDeleted: {
        WebhookEvent: await count(c, `FROM "WebhookEvent" WHERE "tenantId" = $1 AND "deletedAt" IS NULL AND "receivedAt" < $2::timestamp`, logSoft),
        DeliveryLog: await count(c, `FROM "DeliveryLog" WHERE "tenantId" = $1 AND "deletedAt" IS NULL AND "createdAt" < $2::timestamp`, logSoft),
      },
      physicallyDeleted: {
        WebhookEvent: await count(c, `FROM "WebhookEvent" WHERE "tenantId" = $1 AND "deletedAt" < $2::timestamp`, logHard),
        DeliveryLog: await count(c, `FROM "DeliveryLog" WHERE "tenantId" = $1 AND "deletedAt" < $2::timestamp`, logHard),
      },
    };
    return out;
  });
}

/** Repeats one bounded statement, each in its own transaction, until it affects fewer rows than the batch. */
async function drain(tenantId: string, batch: number, sql: string, params: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inTenantTx(tenantId, async (c) => (await c.query(sql, params)).rowCount ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Physical deletion of messages with their attachments, one batch per
 * statement: rows are addressed by ctid (no second index lookup per row), and
 * the attachments' storage keys come back so their files go too.
 */
async function hardDeleteMessages(tenantId: string, w: TWindow, batch: number): Promise<{ Attachment: number; Message: number }> {
  let attachments = 0;
  let messages = 0;
  const sql = `WITH doomed AS MATERIALIZED (SELECT m.ctid AS tid, m.id ${hardMessages} LIMIT $3),
    files AS (DELETE FROM "Attachment" a WHERE a."tenantId" = $1 AND a."messageId" = ANY (ARRAY(SELECT id FROM doomed)) RETURNING a."storageKey"),
    gone AS (DELETE FROM "Message" WHERE "tenantId" = $1 AND ctid = ANY (ARRAY(SELECT tid FROM doomed)) RETURNING 1)
    SELECT (SELECT count(*) FROM gone)::int AS m, (SELECT coalesce(array_agg("storageKey"), '{}') FROM files) AS keys`;
  for (;;) {
    const r = await inTenantTx(tenantId, async (c) => (await c.query<{ m: number; keys: string[] }>(sql, [tenantId, ts(w.hardBefore), batch])).rows[0]!);
    if (r.keys.length) await attachmentFiles()?.remove(r.keys);
    attachments += r.keys.length;
    messages += r.m;
    if (r.m < batch) return { Attachment: attachments, Message: messages };
  }
}

async function purgeLogs(tenantId: string, table: "WebhookEvent" | "DeliveryLog", mode: "soft" | "hard", before: Date, at: Date, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inTenantTx(tenantId, async (c) => {
      const { rows } = await c.query<{ n: number }>(`SELECT sotto_privacy_purge_logs($1, $2, $3::timestamp, $4::timestamp, $5) AS n`, [table, mode, ts(before), ts(at), batch]);
      return Number(rows[0]?.n ?? 0);
    });
    total += n;
    if (n < batch) return total;
  }
}

/** Purges one tenant at `at` and records the run (PurgeRun + audit event). */
export async function purgeTenant(tenantId: string, opts: { at?: Date; batchSize?: number } = {}): Promise<{ runId: string; counts: TPurgeCounts; durationMs: number }> {
  const at = opts.at ?? now();
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const started = performance.now();
  const { months, run } = await withTenantIncludingDeleted(tenantId, async (tx) => ({
    months: await settingsOf(tx, tenantId),
    run: await tx.purgeRun.create({ data: { tenantId, startedAt: at }, select: { id: true } }),
  }));
  const counts: TPurgeCounts = { "conversation-logs": empty(), "api-webhook-logs": empty() };
  try {
    const conv = windowFor(tenantId, at, months["conversation-logs"]!);
    const c = counts["conversation-logs"]!;
    // Physical deletion first: rows soft-deleted by this very run wait their grace period.
    const deleted = await hardDeleteMessages(tenantId, conv, batch);
    c.physicallyDeleted.Attachment = deleted.Attachment;
    c.physicallyDeleted.Message = deleted.Message;
    const hard = [tenantId, ts(conv.hardBefore), batch];
    const soft = [tenantId, ts(conv.cutoff), batch, ts(at)];
    c.physicallyDeleted.Conversation = await drain(
      tenantId,
      batch,
      `DELETE FROM "Conversation" WHERE "tenantId" = $1 AND ctid = ANY (ARRAY(SELECT c.ctid ${hardConversations} LIMIT $3))`,
      hard,
    );
    c.softDeleted.Message = await drain(
      tenantId,
      batch,
      `UPDATE "Message" SET "deletedAt" = $4::timestamp, search = NULL WHERE "tenantId" = $1 AND ctid = ANY (ARRAY(SELECT m.ctid ${softMessages} LIMIT $3))`,
      soft,
    );
    c.softDeleted.Conversation = await drain(
      tenantId,
      batch,
      `UPDATE "Conversation" SET "deletedAt" = $4::timestamp WHERE "tenantId" = $1 AND ctid = ANY (ARRAY(SELECT c.ctid ${softConversations} LIMIT $3))`,
      soft,
    );

    const logs = windowFor(tenantId, at, months["api-webhook-logs"]!);
    const l = counts["api-webhook-logs"]!;
    for (const table of ["WebhookEvent", "DeliveryLog"] as const) {
      l.physicallyDeleted[table] = await purgeLogs(tenantId, table, "hard", logs.hardBefore, at, batch);
      l.softDeleted[table] = await purgeLogs(tenantId, table, "soft", logs.cutoff, at, batch);
    }
  } catch (error) {
    await withTenantIncludingDeleted(tenantId, (tx) =>
      tx.purgeRun.update({ where: { id: run.id }, data: { error: String(error).slice(0, 500), counts: counts as Prisma.InputJsonValue, finishedAt: now() } }),
    );
    throw error;
  }
  const durationMs = Math.round(performance.now() - started);
  await withTenantIncludingDeleted(tenantId, async (tx) => {
    await tx.purgeRun.update({ where: { id: run.id }, data: { counts: counts as Prisma.InputJsonValue, finishedAt: new Date(at.getTime() + durationMs), durationMs } });
    await recordAudit(tx, { tenantId, action: "retention.purged", target: { type: "PurgeRun", id: run.id }, metadata: { counts, durationMs } });
  });
  return { runId: run.id, counts, durationMs };
}

/** Every tenant (cross-tenant through the sotto_tenant_ids definer function). */
export async function tenantIds(): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`SELECT sotto_tenant_ids() AS id`;
  return rows.map((r) => r.id);
}
