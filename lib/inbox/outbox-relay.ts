import "server-only";
import { sendEvent } from "@/inngest/send";
import { EVENT_SCHEMAS, isEventName, type TSottoEvent } from "@/inngest/events";
import { now } from "@/lib/clock";
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";

/**
 * Transactional outbox relay. Rows are written together with the data they
 * announce (ingest, outbound queue); this hands them to Inngest afterwards,
 * using the row's `eventId` as the Inngest event id so a row sent twice (two
 * relays, a crash between send and mark) still runs functions once.
 *
 * Triggers: `relayOutboxSoon()` right after a webhook commits (debounced, never
 * awaited by the request), and the `relay-outbox` cron function every minute as
 * the safety net. When a send fails the rows stay pending with `attempts` and
 * `lastError` updated, and the eager trigger backs off: an Inngest outage loses
 * nothing, and the cron (or the next webhook after the backoff) drains the backlog.
 */
export const RELAY_BATCH = 100;
// Under a burst of webhooks, one relay pass every SOON_MS carries everything committed meanwhile.
const SOON_MS = 100;
const MAX_BACKOFF_MS = 60_000;

type TPendingRow = { id: string; tenant_id: string; name: string; event_id: string; data: unknown; attempts: number };
export type TRelayResult = { sent: number; failed: number; invalid: number; batches: number; /** Stopped at maxBatches with rows left. */ more: boolean };
export type TRelayOptions = { maxBatches?: number; batchSize?: number };

type TState = { running: Promise<TRelayResult> | null; again: boolean; timer?: NodeJS.Timeout; failures: number; backoffUntil: number };
const g = globalThis as unknown as { sottoOutboxRelay?: TState };
const state = (g.sottoOutboxRelay ??= { running: null, again: false, failures: 0, backoffUntil: 0 });

function byTenant(rows: TPendingRow[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of rows) m.set(r.tenant_id, [...(m.get(r.tenant_id) ?? []), r.id]);
  return m;
}

/** One statement per tenant (sotto_outbox_mark), under RLS: no interactive transaction on the relay's path. */
async function mark(rows: TPendingRow[], error: string | null): Promise<void> {
  const at = now();
  for (const [tenantId, ids] of byTenant(rows)) {
    await pool().query("SELECT sotto_outbox_mark($1, $2::text[], $3::timestamp(3), $4)", [tenantId, ids, at.toISOString().replace("Z", ""), error]);
  }
}

const markSent = (rows: TPendingRow[]) => mark(rows, null);
const markFailed = (rows: TPendingRow[], error: string) => mark(rows, error);

function toEvent(r: TPendingRow): TSottoEvent | string {
  if (!isEventName(r.name)) return `unknown event name "${r.name}" (add it to inngest/events.ts)`;
  const parsed = EVENT_SCHEMAS[r.name].safeParse(r.data);
  if (!parsed.success) return `invalid ${r.name} data: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  return { name: r.name, data: parsed.data, id: r.event_id } as TSottoEvent;
}

async function drain({ maxBatches = 50, batchSize = RELAY_BATCH }: TRelayOptions): Promise<TRelayResult> {
  const result: TRelayResult = { sent: 0, failed: 0, invalid: 0, batches: 0, more: false };
  for (let b = 0; b < maxBatches; b++) {
    const { rows } = await pool().query<TPendingRow>("SELECT * FROM sotto_outbox_pending($1)", [batchSize]);
    if (!rows.length) break;
    result.batches++;
    const valid: { row: TPendingRow; event: TSottoEvent }[] = [];
    const invalid: { row: TPendingRow; error: string }[] = [];
    for (const row of rows) {
      const e = toEvent(row);
      if (typeof e === "string") invalid.push({ row, error: e });
      else valid.push({ row, event: e });
    }
    for (const { row, error } of invalid) {
      // A programming error, not an outage: kept pending and loud so it gets fixed, never silently dropped.
      log.error("outbox event cannot be sent", { outboxId: row.id, tenantId: row.tenant_id, error });
      await markFailed([row], error);
    }
    result.invalid += invalid.length;
    if (valid.length) {
      try {
        await sendEvent(valid.map((v) => v.event));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await markFailed(valid.map((v) => v.row), message);
        result.failed += valid.length;
        state.failures++;
        state.backoffUntil = Date.now() + Math.min(1000 * 2 ** (state.failures - 1), MAX_BACKOFF_MS);
        log.warn("outbox relay: sending to Inngest failed; events stay pending", { count: valid.length, error: message, failures: state.failures });
        break;
      }
      await markSent(valid.map((v) => v.row));
      result.sent += valid.length;
      state.failures = 0;
      state.backoffUntil = 0;
    }
    // Only unsendable rows left at the head: another pass would return the same rows.
    if (!valid.length || rows.length < batchSize) break;
    if (b === maxBatches - 1) result.more = true;
  }
  return result;
}

/**
 * Drains pending outbox rows (all tenants) in batches. One drain runs per
 * process at a time; a call during a drain joins it and schedules one more pass.
 */
export function relayOutbox(opts: TRelayOptions = {}): Promise<TRelayResult> {
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = drain(opts)
    .then((r) => {
      // A long backlog is drained in slices so one call never runs unbounded.
      if (r.more) state.again = true;
      return r;
    })
    .finally(() => {
      state.running = null;
      if (state.again) {
        state.again = false;
        relayOutboxSoon();
      }
    });
  return state.running;
}

/** Fire-and-forget relay shortly after a commit. Never throws, never blocks the caller. */
export function relayOutboxSoon(): void {
  if (state.timer || Date.now() < state.backoffUntil) return;
  state.timer = setTimeout(() => {
    state.timer = undefined;
    relayOutbox().catch((error) => log.warn("outbox relay failed", { error }));
  }, SOON_MS);
  state.timer.unref?.();
}

/** Tests: forget backoff and failures. */
export function resetOutboxRelayState(): void {
  if (state.timer) clearTimeout(state.timer);
  Object.assign(state, { timer: undefined, failures: 0, backoffUntil: 0, again: false });
}

/** Sent rows are kept this long (what support needs to see that an event left), then pruned. */
export const OUTBOX_KEEP_SENT_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_BATCH = 5000;

/**
 * Deletes sent outbox rows older than OUTBOX_KEEP_SENT_MS, all tenants, in
 * bounded batches (sotto_outbox_prune), at most `maxBatches` per call: the
 * relay cron calls it every minute, so a backlog shrinks without one long
 * statement. Pending rows are never touched, however old.
 */
export async function pruneSentOutbox(at: Date = now(), maxBatches = 20): Promise<number> {
  const before = new Date(at.getTime() - OUTBOX_KEEP_SENT_MS).toISOString().replace("Z", "");
  let deleted = 0;
  for (let b = 0; b < maxBatches; b++) {
    const { rows } = await pool().query<{ n: number }>("SELECT sotto_outbox_prune($1::timestamp(3), $2) AS n", [before, PRUNE_BATCH]);
    const n = rows[0]?.n ?? 0;
    deleted += n;
    if (n < PRUNE_BATCH) break;
  }
  return deleted;
}
