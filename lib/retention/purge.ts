import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { db, type TTx } from "@/lib/db/client";
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

const heldMessage = (tenantId: string) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "LegalHold" h WHERE h."tenantId" = ${tenantId} AND h."releasedAt" IS NULL
  AND (h."conversationId" = m."conversationId" OR h."contactId" = c."contactId"))`;
const heldConversation = (tenantId: string) => Prisma.sql`NOT EXISTS (
  SELECT 1 FROM "LegalHold" h WHERE h."tenantId" = ${tenantId} AND h."releasedAt" IS NULL
  AND (h."conversationId" = c.id OR h."contactId" = c."contactId"))`;

const softMessages = (w: TWindow) => Prisma.sql`
  FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
  WHERE m."tenantId" = ${w.tenantId} AND m."deletedAt" IS NULL AND m."createdAt" < ${w.cutoff} AND ${heldMessage(w.tenantId)}`;
const hardMessages = (w: TWindow) => Prisma.sql`
  FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
  WHERE m."tenantId" = ${w.tenantId} AND m."deletedAt" < ${w.hardBefore} AND ${heldMessage(w.tenantId)}`;
const softConversations = (w: TWindow) => Prisma.sql`
  FROM "Conversation" c WHERE c."tenantId" = ${w.tenantId} AND c."deletedAt" IS NULL AND c."lastActivityAt" < ${w.cutoff} AND ${heldConversation(w.tenantId)}`;
const hardConversations = (w: TWindow) => Prisma.sql`
  FROM "Conversation" c WHERE c."tenantId" = ${w.tenantId} AND c."deletedAt" < ${w.hardBefore} AND ${heldConversation(w.tenantId)}`;

async function count(tx: TTx, from: Prisma.Sql): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${from}`;
  return Number(row?.n ?? 0);
}

function windowFor(tenantId: string, at: Date, months: number): TWindow {
  return { tenantId, at, cutoff: addCalendarMonths(at, -months), hardBefore: new Date(at.getTime() - HARD_DELETE_AFTER_DAYS * 86_400_000) };
}

async function settingsOf(tenantId: string): Promise<Record<string, number>> {
  const rows = await withTenantIncludingDeleted(tenantId, (tx) => tx.retentionSetting.findMany({ where: { tenantId }, select: { category: true, months: true } }));
  return effectiveMonths(rows);
}

const empty = (): TCategoryCounts => ({ softDeleted: {}, physicallyDeleted: {} });

/** What a purge at `at` would delete, per category and table, with `months` in force (the tenant's settings by default). */
export async function dryRunPurge(tenantId: string, opts: { at?: Date; months?: Record<string, number> } = {}): Promise<TPurgeCounts> {
  const at = opts.at ?? now();
  const months = { ...(await settingsOf(tenantId)), ...(opts.months ?? {}) };
  return withTenantIncludingDeleted(tenantId, async (tx) => {
    const out: TPurgeCounts = {};
    const conv = windowFor(tenantId, at, months["conversation-logs"]!);
    out["conversation-logs"] = {
      softDeleted: { Message: await count(tx, softMessages(conv)), Conversation: await count(tx, softConversations(conv)) },
      physicallyDeleted: {
        Attachment: await count(tx, Prisma.sql`FROM "Attachment" a WHERE a."tenantId" = ${tenantId} AND a."messageId" IN (SELECT m.id ${hardMessages(conv)})`),
        Message: await count(tx, hardMessages(conv)),
        Conversation: await count(tx, hardConversations(conv)),
      },
    };
    const logs = windowFor(tenantId, at, months["api-webhook-logs"]!);
    out["api-webhook-logs"] = {
      softDeleted: {
        WebhookEvent: await count(tx, Prisma.sql`FROM "WebhookEvent" WHERE "tenantId" = ${tenantId} AND "deletedAt" IS NULL AND "receivedAt" < ${logs.cutoff}`),
        DeliveryLog: await count(tx, Prisma.sql`FROM "DeliveryLog" WHERE "tenantId" = ${tenantId} AND "deletedAt" IS NULL AND "createdAt" < ${logs.cutoff}`),
      },
      physicallyDeleted: {
        WebhookEvent: await count(tx, Prisma.sql`FROM "WebhookEvent" WHERE "tenantId" = ${tenantId} AND "deletedAt" < ${logs.hardBefore}`),
        DeliveryLog: await count(tx, Prisma.sql`FROM "DeliveryLog" WHERE "tenantId" = ${tenantId} AND "deletedAt" < ${logs.hardBefore}`),
      },
    };
    return out;
  });
}

/** Repeats one bounded statement, each in its own transaction, until it affects fewer rows than the batch. */
async function drain(tenantId: string, batch: number, statement: (tx: TTx) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await withTenantIncludingDeleted(tenantId, statement, 60_000);
    total += n;
    if (n < batch) return total;
  }
}

async function hardDeleteMessages(tenantId: string, w: TWindow, batch: number): Promise<{ Attachment: number; Message: number }> {
  let attachments = 0;
  let messages = 0;
  for (;;) {
    const r = await withTenantIncludingDeleted(
      tenantId,
      async (tx) => {
        const ids = (await tx.$queryRaw<{ id: string }[]>`SELECT m.id ${hardMessages(w)} LIMIT ${batch}`).map((x) => x.id);
        if (!ids.length) return { a: 0, m: 0, keys: [] as string[] };
        const gone = await tx.$queryRaw<{ storageKey: string }[]>`DELETE FROM "Attachment" WHERE "tenantId" = ${tenantId} AND "messageId" = ANY(${ids}::text[]) RETURNING "storageKey"`;
        const m = await tx.$executeRaw`DELETE FROM "Message" WHERE "tenantId" = ${tenantId} AND id = ANY(${ids}::text[])`;
        return { a: gone.length, m, keys: gone.map((g) => g.storageKey) };
      },
      60_000,
    );
    if (r.keys.length) await attachmentFiles()?.remove(r.keys);
    attachments += r.a;
    messages += r.m;
    if (r.m < batch) return { Attachment: attachments, Message: messages };
  }
}

async function purgeLogs(tenantId: string, table: "WebhookEvent" | "DeliveryLog", mode: "soft" | "hard", before: Date, at: Date, batch: number): Promise<number> {
  return drain(tenantId, batch, async (tx) => {
    const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT sotto_privacy_purge_logs(${table}, ${mode}, ${before}::timestamp, ${at}::timestamp, ${batch}) AS n`;
    return Number(row?.n ?? 0);
  });
}

/** Purges one tenant at `at` and records the run (PurgeRun + audit event). */
export async function purgeTenant(tenantId: string, opts: { at?: Date; batchSize?: number } = {}): Promise<{ runId: string; counts: TPurgeCounts; durationMs: number }> {
  const at = opts.at ?? now();
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const started = performance.now();
  const months = await settingsOf(tenantId);
  const run = await withTenantIncludingDeleted(tenantId, (tx) => tx.purgeRun.create({ data: { tenantId, startedAt: at }, select: { id: true } }));
  const counts: TPurgeCounts = { "conversation-logs": empty(), "api-webhook-logs": empty() };
  try {
    const conv = windowFor(tenantId, at, months["conversation-logs"]!);
    const c = counts["conversation-logs"]!;
    // Physical deletion first: rows soft-deleted by this very run wait their grace period.
    const hard = await hardDeleteMessages(tenantId, conv, batch);
    c.physicallyDeleted.Attachment = hard.Attachment;
    c.physicallyDeleted.Message = hard.Message;
    c.physicallyDeleted.Conversation = await drain(tenantId, batch, (tx) =>
      tx.$executeRaw`DELETE FROM "Conversation" WHERE "tenantId" = ${tenantId} AND id IN (SELECT c.id ${hardConversations(conv)} LIMIT ${batch})`,
    );
    c.softDeleted.Message = await drain(tenantId, batch, (tx) =>
      tx.$executeRaw`UPDATE "Message" SET "deletedAt" = ${at}, search = NULL WHERE "tenantId" = ${tenantId} AND id IN (SELECT m.id ${softMessages(conv)} LIMIT ${batch})`,
    );
    c.softDeleted.Conversation = await drain(tenantId, batch, (tx) =>
      tx.$executeRaw`UPDATE "Conversation" SET "deletedAt" = ${at} WHERE "tenantId" = ${tenantId} AND id IN (SELECT c.id ${softConversations(conv)} LIMIT ${batch})`,
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
