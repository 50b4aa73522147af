import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { PoolClient, QueryResult, QueryResultRow } from "pg";
import { db, withRawTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { recordAuditOn } from "@/lib/audit/record";
import { addCalendarMonths } from "@/lib/privacy/deadlines";
import { attachmentFiles } from "@/lib/privacy/stores/attachments";
import { effectiveMonths } from "./categories";

/**
 * Retention purge, in two stages per category:
 *
 * 1. hiding when the period ends. Conversation logs: the run raises the
 *    tenant's watermark (`PurgeRun.softBefore`), and the restrictive RLS policy
 *    hides every message created, and every conversation last active, before
 *    it (migration 20261125090000_retention_watermark), search included. One
 *    row is written however many messages expire. Webhook and delivery logs,
 *    which are few, get `deletedAt` per row.
 * 2. physical deletion HARD_DELETE_AFTER_DAYS later (the policy promises
 *    within 90 days): everything below the watermark that was in force that
 *    long ago, attachments (rows and files) with their messages.
 *
 * Active legal holds on a contact or a conversation exempt it from both, and a
 * released hold delays physical deletion until the grace period has passed
 * since the release. Work is bounded: every statement touches at most
 * `batchSize` rows and runs in its own short transaction. `dryRunPurge` counts
 * exactly what `purgeTenant` would do at the same instant with the same settings.
 */
export const HARD_DELETE_AFTER_DAYS = 30;
/**
 * Tenants the nightly cron purges at the same time (parallel steps). A
 * tenant's purge is one statement after another and keeps about one core
 * busy. On the 2-core benchmark machine two at a time purged faster (83,000
 * against 73,000 rows/s) but took both cores from live traffic (ingestion p99
 * 70 ms against 27 ms), so one; raise it on a server with more cores.
 */
export const PURGE_PARALLEL_TENANTS = 1;
export const DEFAULT_BATCH = 5_000;

export type TTableCounts = Record<string, number>;
export type TCategoryCounts = { softDeleted: TTableCounts; physicallyDeleted: TTableCounts };
export type TPurgeCounts = Record<string, TCategoryCounts>;

type TWindow = { tenantId: string; at: Date; cutoff: Date; hardBefore: Date };

/**
 * The purge's statements run on the raw pool, not through Prisma: a tenant has
 * a dozen of them even when there is nothing to do, and at a hundred tenants
 * per night Prisma's per-transaction cost (about 40-80 ms of CPU per tenant)
 * was most of the run. Each unit is its own short transaction.
 *
 * A purge unit may be lost in a crash (the next run does it again), so only
 * the unit that finishes the run (its report and audit event) waits for the
 * WAL flush, which also makes every earlier unit durable. Waiting at each of
 * a tenant's dozen commits was most of the wall time of a small tenant.
 */
function inTenantTx<T>(tenantId: string, work: (c: PoolClient) => Promise<T>, opts: { durable?: boolean } = {}): Promise<T> {
  return withRawTenant(tenantId, work, {
    "app.include_deleted": "on",
    statement_timeout: "60s",
    synchronous_commit: opts.durable ? "on" : "off",
  });
}

const names = new Map<string, string>();

/**
 * Runs a statement as a named prepared statement of this connection. Planning
 * the purge's statements (RLS policies, CTEs, InitPlans) cost 5-10 ms each, as
 * much as executing a batch. Prepared, PostgreSQL switches a statement to its
 * generic plan after five executions when that plan costs no more than the
 * custom ones (plan_cache_mode auto). Forcing generic plans was slower: the
 * range counts of the hiding stage lost their index plan.
 */
function run<R extends QueryResultRow>(c: PoolClient, text: string, values: unknown[]): Promise<QueryResult<R>> {
  let name = names.get(text);
  if (!name) {
    name = `sotto_purge_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
    names.set(text, name);
  }
  return c.query<R>({ name, text, values });
}

/** Timestamps are stored without time zone, in UTC: pass them as UTC text, whatever the process's zone. */
const ts = (d: Date) => d.toISOString().slice(0, 23);

/**
 * Conversations exempt by a legal hold (on the conversation or on its contact)
 * that is active or was released after the timestamp in parameter `p`
 * ('infinity' for active holds only), evaluated once per statement (an
 * InitPlan) rather than as a correlated subquery per candidate message. $1 is
 * the tenant id.
 */
const held = (p: string) => `ARRAY(
  SELECT h."conversationId" FROM "LegalHold" h WHERE h."tenantId" = $1 AND (h."releasedAt" IS NULL OR h."releasedAt" > ${p}::timestamp) AND h."conversationId" IS NOT NULL
  UNION ALL
  SELECT c.id FROM "LegalHold" h JOIN "Conversation" c ON c."tenantId" = $1 AND c."contactId" = h."contactId"
  WHERE h."tenantId" = $1 AND (h."releasedAt" IS NULL OR h."releasedAt" > ${p}::timestamp) AND h."contactId" IS NOT NULL)`;
const HELD_NOW = held("'infinity'");

// Rows the run newly hides: $1 tenant, $2 the current watermark, $3 the new one.
const softMessages = `FROM "Message" m WHERE m."tenantId" = $1 AND m."deletedAt" IS NULL AND m."createdAt" >= $2::timestamp AND m."createdAt" < $3::timestamp AND NOT (m."conversationId" = ANY (${HELD_NOW}))`;
const softConversations = `FROM "Conversation" c WHERE c."tenantId" = $1 AND c."deletedAt" IS NULL AND c."lastActivityAt" >= $2::timestamp AND c."lastActivityAt" < $3::timestamp AND NOT (c.id = ANY (${HELD_NOW}))`;

// Rows deleted for good: $1 tenant, $2 the watermark in force at the grace limit,
// $3 the grace limit. Below the watermark, or soft-deleted row by row before the
// watermark existed (the second form only picks what the first does not).
const HELD_GRACE = held("$3");
const hardMessagesBelow = `FROM "Message" m WHERE m."tenantId" = $1 AND m."createdAt" < $2::timestamp AND NOT (m."conversationId" = ANY (${HELD_GRACE}))`;
const hardMessagesMarked = `FROM "Message" m WHERE m."tenantId" = $1 AND m."deletedAt" < $3::timestamp AND m."createdAt" >= $2::timestamp AND NOT (m."conversationId" = ANY (${HELD_GRACE}))`;
// A conversation goes once none of its messages survives the stage (a message
// newer than the conversation's last activity keeps it).
const hardConversations = `FROM "Conversation" c WHERE c."tenantId" = $1 AND (c."lastActivityAt" < $2::timestamp OR c."deletedAt" < $3::timestamp)
  AND NOT (c.id = ANY (${HELD_GRACE}))
  AND NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."tenantId" = $1 AND m."conversationId" = c.id
                  AND m."createdAt" >= $2::timestamp AND (m."deletedAt" IS NULL OR m."deletedAt" >= $3::timestamp))`;

type TFloors = { current: string; next: string; hard: string; marked: boolean };

/**
 * The tenant's watermark now, the one this run sets (it never moves back: a
 * longer period later does not bring expired rows back), and the one that was
 * in force at the grace limit. Timestamps as PostgreSQL text ('-infinity' when
 * no run has set one).
 */
async function floors(c: PoolClient, w: TWindow): Promise<TFloors> {
  const { rows } = await run<TFloors>(
    c,
    `SELECT coalesce(max(r."softBefore"), '-infinity'::timestamp)::text AS current,
            greatest(coalesce(max(r."softBefore"), '-infinity'::timestamp), $2::timestamp)::text AS next,
            coalesce(max(r."softBefore") FILTER (WHERE r."startedAt" <= $3::timestamp), '-infinity'::timestamp)::text AS hard,
            EXISTS (SELECT 1 FROM "Message" m WHERE m."tenantId" = $1 AND m."deletedAt" IS NOT NULL) AS marked
     FROM "PurgeRun" r WHERE r."tenantId" = $1 AND r."softBefore" IS NOT NULL`,
    [w.tenantId, ts(w.cutoff), ts(w.hardBefore)],
  );
  return rows[0]!;
}

async function count(c: PoolClient, from: string, params: unknown[]): Promise<number> {
  const { rows } = await run<{ n: string }>(c, `SELECT count(*) AS n ${from}`, params);
  return Number(rows[0]?.n ?? 0);
}

function windowFor(tenantId: string, at: Date, months: number): TWindow {
  return { tenantId, at, cutoff: addCalendarMonths(at, -months), hardBefore: new Date(at.getTime() - HARD_DELETE_AFTER_DAYS * 86_400_000) };
}

async function settingsOf(c: PoolClient, tenantId: string): Promise<Record<string, number>> {
  const { rows } = await run<{ category: string; months: number }>(c, `SELECT category, months FROM "RetentionSetting" WHERE "tenantId" = $1`, [tenantId]);
  return effectiveMonths(rows);
}

const empty = (): TCategoryCounts => ({ softDeleted: {}, physicallyDeleted: {} });

/** What a purge at `at` would delete, per category and table, with `months` in force (the tenant's settings by default). */
export async function dryRunPurge(tenantId: string, opts: { at?: Date; months?: Record<string, number> } = {}): Promise<TPurgeCounts> {
  const at = opts.at ?? now();
  return inTenantTx(tenantId, async (c) => {
    const months = { ...(await settingsOf(c, tenantId)), ...(opts.months ?? {}) };
    const out: TPurgeCounts = {};
    const conv = windowFor(tenantId, at, months["conversation-logs"]!);
    const f = await floors(c, conv);
    const soft = [tenantId, f.current, f.next];
    const hard = [tenantId, f.hard, ts(conv.hardBefore)];
    const messages = (await count(c, hardMessagesBelow, hard)) + (await count(c, hardMessagesMarked, hard));
    const attachments = `FROM "Attachment" a WHERE a."tenantId" = $1 AND a."messageId" IN`;
    out["conversation-logs"] = {
      softDeleted: { Message: await count(c, softMessages, soft), Conversation: await count(c, softConversations, soft) },
      physicallyDeleted: {
        Attachment: (await count(c, `${attachments} (SELECT m.id ${hardMessagesBelow})`, hard)) + (await count(c, `${attachments} (SELECT m.id ${hardMessagesMarked})`, hard)),
        Message: messages,
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
    const n = await inTenantTx(tenantId, async (c) => (await run(c, sql, params)).rowCount ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

/**
 * Physical deletion of messages with their attachments, one batch per
 * statement: rows are addressed by ctid (no second index lookup per row), and
 * the attachments' storage keys come back so their files go too.
 */
async function hardDeleteMessages(tenantId: string, from: string, params: unknown[], batch: number): Promise<{ Attachment: number; Message: number }> {
  let attachments = 0;
  let messages = 0;
  const sql = `WITH doomed AS MATERIALIZED (SELECT m.ctid AS tid, m.id ${from} LIMIT $4),
    files AS (DELETE FROM "Attachment" a WHERE a."tenantId" = $1 AND a."messageId" = ANY (ARRAY(SELECT id FROM doomed)) RETURNING a."storageKey"),
    gone AS (DELETE FROM "Message" WHERE "tenantId" = $1 AND ctid = ANY (ARRAY(SELECT tid FROM doomed)) RETURNING 1)
    SELECT (SELECT count(*) FROM gone)::int AS m, (SELECT coalesce(array_agg("storageKey"), '{}') FROM files) AS keys`;
  for (;;) {
    const r = await inTenantTx(tenantId, async (c) => (await run<{ m: number; keys: string[] }>(c, sql, [...params, batch])).rows[0]!);
    if (r.keys.length) await attachmentFiles()?.remove(r.keys);
    attachments += r.keys.length;
    messages += r.m;
    if (r.m < batch) return { Attachment: attachments, Message: messages };
  }
}

/** Raises the tenant's watermark to `f.next` on this run, after counting what that newly hides. */
async function raiseWatermark(tenantId: string, runId: string, f: TFloors): Promise<{ Message: number; Conversation: number }> {
  return inTenantTx(tenantId, async (c) => {
    const soft = [tenantId, f.current, f.next];
    const out = { Message: await count(c, softMessages, soft), Conversation: await count(c, softConversations, soft) };
    await run(c, `UPDATE "PurgeRun" SET "softBefore" = $2::timestamp WHERE id = $1 AND $2::timestamp > $3::timestamp`, [runId, f.next, f.current]);
    return out;
  });
}

/**
 * Both stages of both log tables in one statement per round (they are few: one
 * round is the rule), repeated while any of them filled its batch.
 */
async function purgeLogs(tenantId: string, w: TWindow, batch: number): Promise<TTableCounts[]> {
  const hard: TTableCounts = { WebhookEvent: 0, DeliveryLog: 0 };
  const soft: TTableCounts = { WebhookEvent: 0, DeliveryLog: 0 };
  for (;;) {
    const r = await inTenantTx(tenantId, async (c) => {
      const { rows } = await run<{ wh: number; ws: number; dh: number; ds: number }>(
        c,
        `SELECT sotto_privacy_purge_logs('WebhookEvent', 'hard', $1::timestamp, $3::timestamp, $4) AS wh,
                sotto_privacy_purge_logs('WebhookEvent', 'soft', $2::timestamp, $3::timestamp, $4) AS ws,
                sotto_privacy_purge_logs('DeliveryLog', 'hard', $1::timestamp, $3::timestamp, $4) AS dh,
                sotto_privacy_purge_logs('DeliveryLog', 'soft', $2::timestamp, $3::timestamp, $4) AS ds`,
        [ts(w.hardBefore), ts(w.cutoff), ts(w.at), batch],
      );
      return rows[0]!;
    });
    hard.WebhookEvent! += r.wh;
    soft.WebhookEvent! += r.ws;
    hard.DeliveryLog! += r.dh;
    soft.DeliveryLog! += r.ds;
    if (Math.max(r.wh, r.ws, r.dh, r.ds) < batch) return [soft, hard];
  }
}

/** Purges one tenant at `at` and records the run (PurgeRun + audit event). */
export async function purgeTenant(tenantId: string, opts: { at?: Date; batchSize?: number } = {}): Promise<{ runId: string; counts: TPurgeCounts; durationMs: number }> {
  const at = opts.at ?? now();
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const started = performance.now();
  const runId = `pr${randomBytes(12).toString("hex")}`;
  const { months, conv, f } = await inTenantTx(tenantId, async (c) => {
    const months = await settingsOf(c, tenantId);
    await run(c, `INSERT INTO "PurgeRun" (id, "tenantId", "startedAt") VALUES ($1, $2, $3::timestamp)`, [runId, tenantId, ts(at)]);
    const conv = windowFor(tenantId, at, months["conversation-logs"]!);
    return { months, conv, f: await floors(c, conv) };
  });
  const counts: TPurgeCounts = { "conversation-logs": empty(), "api-webhook-logs": empty() };
  try {
    const c = counts["conversation-logs"]!;
    const hard = [tenantId, f.hard, ts(conv.hardBefore)];
    // Physical deletion first: rows hidden by this very run wait their grace period.
    // Each statement is skipped when it cannot match (no watermark old enough, no row marked one by one).
    const none = { Attachment: 0, Message: 0 };
    const below = f.hard === "-infinity" ? none : await hardDeleteMessages(tenantId, hardMessagesBelow, hard, batch);
    const marked = f.marked ? await hardDeleteMessages(tenantId, hardMessagesMarked, hard, batch) : none;
    c.physicallyDeleted.Attachment = below.Attachment + marked.Attachment;
    c.physicallyDeleted.Message = below.Message + marked.Message;
    c.physicallyDeleted.Conversation = await drain(
      tenantId,
      batch,
      `DELETE FROM "Conversation" WHERE "tenantId" = $1 AND ctid = ANY (ARRAY(SELECT c.ctid ${hardConversations} LIMIT $4))`,
      [...hard, batch],
    );
    c.softDeleted = await raiseWatermark(tenantId, runId, f);

    const [soft, gone] = await purgeLogs(tenantId, windowFor(tenantId, at, months["api-webhook-logs"]!), batch);
    counts["api-webhook-logs"] = { softDeleted: soft!, physicallyDeleted: gone! };
  } catch (error) {
    await inTenantTx(
      tenantId,
      (client) =>
        run(client, `UPDATE "PurgeRun" SET error = $2, counts = $3::jsonb, "finishedAt" = $4::timestamp WHERE id = $1`, [runId, String(error).slice(0, 500), JSON.stringify(counts), ts(now())]),
      { durable: true },
    );
    throw error;
  }
  const durationMs = Math.round(performance.now() - started);
  await inTenantTx(tenantId, async (client) => {
    await run(client, `UPDATE "PurgeRun" SET counts = $2::jsonb, "finishedAt" = $3::timestamp, "durationMs" = $4 WHERE id = $1`, [
      runId,
      JSON.stringify(counts),
      ts(new Date(at.getTime() + durationMs)),
      durationMs,
    ]);
    await recordAuditOn(client, { tenantId, action: "retention.purged", target: { type: "PurgeRun", id: runId }, metadata: { counts, durationMs } });
  }, { durable: true });
  return { runId, counts, durationMs };
}

/** Every tenant (cross-tenant through the sotto_tenant_ids definer function). */
export async function tenantIds(): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`SELECT sotto_tenant_ids() AS id`;
  return rows.map((r) => r.id);
}
