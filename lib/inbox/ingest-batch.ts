import "server-only";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Group commit for the accept path. Deliveries that arrive while earlier ones
 * are still in PostgreSQL are stored together: one statement calls
 * sotto_ingest_message once per delivery, so they share one transaction, one
 * commit (one WAL flush) and one round trip. Each delivery is still stored
 * whole or not at all, and its caller still answers only after the commit.
 *
 * Why: on the webhook benchmark a lone call costs PostgreSQL about twice the
 * CPU of the same call made inside a batch of ten (executor start-ups,
 * commits and foreign-key lock bookkeeping are paid per transaction, and five
 * busy backends on two cores thrash each other's caches). Batching is
 * natural: a delivery that finds fewer than MAX_IN_FLIGHT statements running
 * goes at once, alone, so a quiet server adds no latency; under load the
 * queue that forms while statements run becomes the next batch.
 *
 * A batch that fails (a concurrent duplicate raising SO409, a deadlock with
 * another batch, one delivery's bad data) has written nothing: its deliveries
 * are then stored one by one, each with its own outcome, so one bad delivery
 * never fails its neighbours.
 */

/** The positional parameters of sotto_ingest_message ($1…$23), as lib/inbox/ingest.ts builds them. */
export type TIngestParams = unknown[];

export type TIngestRow = { message_id: string; conversation_id: string; contact_id: string; duplicate: boolean; conversation_created: boolean; refused: boolean };

export const INGEST_SQL = `SELECT * FROM sotto_ingest_message($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15::text[], $16, $17, $18, $19, $20::jsonb, $21, $22, $23)`;

/** Parameters passed as JSON text already ($4, $13, $20): embedded verbatim in the batch document. */
const JSON_PARAMS: ReadonlySet<number> = new Set([3, 12, 19]);

// Each batch item is the JSON array of the single call's parameters, in order; element i is $(i+1).
const BATCH_SQL = `SELECT a.ord::int AS ord, r.*
FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(j, ord)
CROSS JOIN LATERAL sotto_ingest_message(
  a.j->>0, a.j->>1, (a.j->>2)::"ChannelType", a.j->3, a.j->>4, a.j->>5, a.j->>6, a.j->>7, a.j->>8,
  (a.j->>9)::"MessageKind", a.j->>10, a.j->>11, a.j->12, a.j->>13,
  CASE WHEN jsonb_typeof(a.j->14) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(a.j->14)) END,
  (a.j->>15)::timestamptz, a.j->>16, a.j->>17, a.j->>18, a.j->19,
  (a.j->>20)::"OptStatus", a.j->>21, (a.j->>22)::integer
) r`;

/** Raised by sotto_ingest_message when a concurrent delivery of the same message won the insert. */
const CONCURRENT_DUPLICATE = "SO409";
/** Enough to carry a burst in a few statements; a larger batch only holds its locks longer. */
export const MAX_BATCH = 50;

type TPending = { params: TIngestParams; sortKey: string; resolve: (row: TIngestRow | undefined) => void; reject: (error: unknown) => void };
type TState = { queue: TPending[]; inFlight: number };
const g = globalThis as unknown as { sottoIngestBatch?: TState };
const state = (g.sottoIngestBatch ??= { queue: [], inFlight: 0 });

/**
 * Statements in PostgreSQL at once: half the pool, so the rest of the app
 * (relay, inbox, status callbacks) always finds a connection.
 */
const maxInFlight = () => Math.max(1, Math.floor(env.APP_DB_POOL_MAX / 2));

/**
 * Runs a transaction that calls sotto_ingest_message, once more when a
 * concurrent delivery of the same message under another event key stored it
 * first (SO409): the second run reports the duplicate.
 */
export async function retryConcurrentDuplicate<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if ((err as { code?: string }).code !== CONCURRENT_DUPLICATE) throw err;
    return attempt();
  }
}

/** One delivery on its own: the prepared single call. */
export function ingestOne(params: TIngestParams): Promise<TIngestRow | undefined> {
  return retryConcurrentDuplicate(async () => (await pool().query<TIngestRow>({ name: "sotto_ingest_message", text: INGEST_SQL, values: params })).rows[0]);
}

/**
 * Stores one delivery, batched with whatever else is waiting. `sortKey`
 * (tenant, channel, sender) orders a batch so that two batches take the locks
 * of a shared contact and conversation in the same order; the sort is stable,
 * so one sender's messages keep their order of arrival.
 */
export function ingestBatched(params: TIngestParams, sortKey: string): Promise<TIngestRow | undefined> {
  return new Promise((resolve, reject) => {
    state.queue.push({ params, sortKey, resolve, reject });
    pump();
  });
}

function pump(): void {
  while (state.inFlight < maxInFlight() && state.queue.length) {
    const batch = state.queue.splice(0, MAX_BATCH);
    state.inFlight++;
    void run(batch).finally(() => {
      state.inFlight--;
      pump();
    });
  }
}

async function run(batch: TPending[]): Promise<void> {
  if (batch.length === 1) return settle(batch[0]!);
  batch.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  let rows: (TIngestRow & { ord: number })[];
  try {
    rows = (await pool().query<TIngestRow & { ord: number }>({ name: "sotto_ingest_batch", text: BATCH_SQL, values: [batchDocument(batch)] })).rows;
  } catch (error) {
    log.info("ingest batch failed; storing its deliveries one by one", { size: batch.length, code: (error as { code?: string }).code });
    await Promise.all(batch.map(settle));
    return;
  }
  const byOrd = new Map(rows.map((r) => [r.ord, r]));
  batch.forEach((p, i) => {
    const row = byOrd.get(i + 1);
    if (!row) return p.reject(new Error("sotto_ingest_message returned no row"));
    const { ord: _ord, ...rest } = row;
    p.resolve(rest);
  });
}

async function settle(p: TPending): Promise<void> {
  try {
    p.resolve(await ingestOne(p.params));
  } catch (error) {
    p.reject(error);
  }
}

/** The batch as one JSON document; the JSON parameters are JSON text already and go in as they are. */
function batchDocument(batch: TPending[]): string {
  const items = batch.map(({ params }) => `[${params.map((v, i) => (JSON_PARAMS.has(i) && typeof v === "string" ? v : JSON.stringify(v ?? null))).join(",")}]`);
  return `[${items.join(",")}]`;
}
