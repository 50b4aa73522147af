import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";

export type TChainBreakReason = "hash_mismatch" | "prev_hash_mismatch" | "sequence_gap" | "head_mismatch" | "missing_head";

export type TChainVerification =
  | { ok: true; count: number; headSeq: bigint | null }
  | { ok: false; count: number; brokenAt: { seq: bigint; id: string | null; reason: TChainBreakReason } };

export const GENESIS_HASH = "0".repeat(64);
const DEFAULT_BATCH = 5_000;

type TRow = { seq: bigint; id: string; prevHash: string; hash: string; expected: string };

/**
 * Walks one tenant's chain inside `tx`. The expected hash is computed by
 * `sotto_audit_hash` in SQL so that the trigger and the verifier share one
 * definition; duplicating it in TypeScript would let the two drift apart.
 * `count` is the number of links found intact before the first break.
 */
export async function verifyAuditChainTx(tx: TTx, tenantId: string, opts: { batchSize?: number } = {}): Promise<TChainVerification> {
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? DEFAULT_BATCH, 50_000));
  let count = 0;
  let last: { seq: bigint; id: string; hash: string } | null = null;

  for (;;) {
    const after: bigint = last?.seq ?? 0n;
    const rows: TRow[] = await tx.$queryRaw<TRow[]>(Prisma.sql`
      SELECT e.seq, e.id, e."prevHash", e.hash, sotto_audit_hash(e) AS expected
      FROM "AuditEvent" e
      WHERE e."tenantId" = ${tenantId} AND e.seq > ${after}
      ORDER BY e.seq
      LIMIT ${batchSize}`);

    for (const row of rows) {
      const seq: bigint = BigInt(row.seq);
      const expectedSeq: bigint = (last?.seq ?? 0n) + 1n;
      const expectedPrev = last?.hash ?? GENESIS_HASH;
      let reason: TChainBreakReason | null = null;
      // Content first: an edited row is reported where it was edited, not at its successor.
      if (row.expected !== row.hash) reason = "hash_mismatch";
      else if (seq !== expectedSeq) reason = "sequence_gap";
      else if (row.prevHash !== expectedPrev) reason = "prev_hash_mismatch";
      if (reason) return { ok: false, count, brokenAt: { seq, id: row.id, reason } };
      count++;
      last = { seq, id: row.id, hash: row.hash };
    }
    if (rows.length < batchSize) break;
  }

  // The head is written by the trigger alongside every append, so it catches what
  // walking the rows cannot: deleted trailing events.
  const heads = await tx.$queryRaw<{ seq: bigint; hash: string }[]>(Prisma.sql`
    SELECT seq, hash FROM "AuditHead" WHERE "tenantId" = ${tenantId}`);
  const head = heads[0];
  if (!head) {
    if (!last) return { ok: true, count: 0, headSeq: null };
    return { ok: false, count, brokenAt: { seq: last.seq, id: last.id, reason: "missing_head" } };
  }
  const headSeq = BigInt(head.seq);
  if (!last || headSeq !== last.seq) {
    // Point at the first missing link, the first one a reader can no longer see.
    return { ok: false, count, brokenAt: { seq: (last?.seq ?? 0n) + 1n, id: null, reason: "head_mismatch" } };
  }
  if (head.hash !== last.hash) return { ok: false, count, brokenAt: { seq: last.seq, id: last.id, reason: "head_mismatch" } };
  return { ok: true, count, headSeq };
}

/**
 * Verifies a tenant's whole chain. One REPEATABLE READ snapshot covers every
 * batch and the head, so events appended while we walk cannot look like a break.
 */
export async function verifyAuditChain(tenantId: string, opts: { batchSize?: number; timeoutMs?: number } = {}): Promise<TChainVerification> {
  return withTenant(tenantId, (tx) => verifyAuditChainTx(tx, tenantId, opts), {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    timeout: opts.timeoutMs ?? 120_000,
  });
}
