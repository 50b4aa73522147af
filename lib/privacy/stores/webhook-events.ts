import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { defineStore, NO_ROWS, txQuery, type TEraseResult, type TQuery, type TSubject } from "../registry";
import { col, iso, jsonRows } from "../json-rows";

/**
 * The keys to look a subject's payloads up by, in the form the database
 * stores them (`sotto_webhook_subject_keys`, migration
 * 20261124113000_webhook_subject_keys): identity values lower-cased, phone
 * numbers with and without "+" (WhatsApp's wa_id has none).
 */
export function subjectKeysOf(s: TSubject): string[] {
  const keys = new Set<string>();
  for (const i of s.identities) {
    const v = i.value.trim().toLowerCase();
    if (v.length < 4) continue;
    keys.add(v);
    if (/^\+?[0-9]{7,15}$/.test(v)) {
      keys.add(v.replace(/^\+/, ""));
      keys.add(`+${v.replace(/^\+/, "")}`);
    }
  }
  return [...keys];
}

/**
 * The subject's raw webhook deliveries, as a subquery of candidate ids:
 * payloads that name one of their identities. The exact-key match runs in
 * `sotto_privacy_webhook_event_ids` (GIN index, current tenant only); callers
 * read the rows by these ids under RLS. Null when the subject has no usable key.
 */
export function subjectWebhookEventMatch(s: TSubject): Prisma.Sql | null {
  const keys = subjectKeysOf(s);
  return keys.length ? Prisma.sql`SELECT sotto_privacy_webhook_event_ids(${keys}::text[])` : null;
}

/**
 * Statements that match subject keys run with random_page_cost at 1.1 (the
 * usual value for SSDs and cached data; the server default, 4, is for
 * spinning disks). An exact-key lookup belongs on the GIN index, but when one
 * contact holds a large share of a tenant's payloads (a tenth of them in the
 * benchmark) the default makes the planner read the whole table instead,
 * twice per export (events, then delivery logs), each time through a ring
 * buffer that leaves nothing cached. Transaction-local: `preferKeyIndex` for an
 * export unit (its cursor plans the function's query as it is fetched),
 * `withKeyIndex` around one statement.
 */
export async function preferKeyIndex(q: TQuery): Promise<string> {
  const [prev] = await q<{ v: string }>(Prisma.sql`SELECT current_setting('random_page_cost') AS v`);
  await q(Prisma.sql`SELECT set_config('random_page_cost', '1.1', true)`);
  return prev?.v ?? "4";
}

export async function withKeyIndex<T>(q: TQuery, work: () => Promise<T>): Promise<T> {
  const prev = await preferKeyIndex(q);
  // Not in a finally: after a failed statement the transaction takes no more, and rolls the setting back itself.
  const out = await work();
  await q(Prisma.sql`SELECT set_config('random_page_cost', ${prev}, true)`);
  return out;
}

/** The ids a subject-key statement (`SELECT <alias>.id FROM …`) returns, planned with the key index preferred. */
export async function idsByKeys(tx: TTx, sql: Prisma.Sql): Promise<string[]> {
  const q = txQuery(tx);
  return (await withKeyIndex(q, () => q<{ id: string }>(sql))).map((r) => r.id);
}

/** Erases log rows by id (`sotto_privacy_erase_logs`): the subject's raw payloads and their delivery log lines. */
export async function eraseLogRows(tx: TTx, table: "WebhookEvent" | "DeliveryLog", ids: readonly string[]): Promise<TEraseResult> {
  if (!ids.length) return { ...NO_ROWS };
  const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT sotto_privacy_erase_logs(${table}, ${ids}::text[]) AS n`;
  return { ...NO_ROWS, deleted: Number(row?.n ?? 0) };
}

/** The ids of the subject's raw webhook deliveries (erasure needs no more). */
export async function subjectWebhookEventIds(tx: TTx, s: TSubject): Promise<string[]> {
  const match = subjectWebhookEventMatch(s);
  return match ? idsByKeys(tx, Prisma.sql`SELECT e.id FROM "WebhookEvent" e WHERE e."tenantId" = ${s.tenantId} AND e.id IN (${match})`) : [];
}

const e = (name: string) => col("e", name);

/** Raw inbound webhook payloads (API and webhook logs). */
export const webhookEventsStore = defineStore({
  name: "webhook-events",
  label: "Raw webhook deliveries",
  category: "api-webhook-logs",
  async exportSql(q, s) {
    const match = subjectWebhookEventMatch(s);
    if (!match) return null;
    await preferKeyIndex(q);
    return jsonRows(
      { id: e("id"), channelId: e("channelId"), provider: e("provider"), eventKey: e("eventKey"), payload: e("payload"), receivedAt: iso(e("receivedAt")), deletedAt: iso(e("deletedAt")) },
      Prisma.sql`FROM "WebhookEvent" e WHERE e."tenantId" = ${s.tenantId} AND e.id IN (${match})`,
      [e("receivedAt"), e("id")],
    );
  },
  async eraser(tx, s) {
    return eraseLogRows(tx, "WebhookEvent", await subjectWebhookEventIds(tx, s));
  },
});
