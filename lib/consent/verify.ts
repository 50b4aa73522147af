import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { GENESIS_HASH, type TChainVerification, type TChainBreakReason } from "@/lib/audit/verify";

const DEFAULT_BATCH = 5_000;
type TRow = { seq: bigint; id: string; prevHash: string; hash: string; expected: string };

/**
 * Walks one tenant's consent chain, recomputing every hash with
 * `sotto_consent_hash` (the trigger's own definition), and reports the first
 * broken link: an edited record (hash_mismatch), a deleted one (sequence_gap),
 * a relinked one (prev_hash_mismatch) or a deleted tail (head_mismatch).
 */
export async function verifyConsentChainTx(tx: TTx, tenantId: string, opts: { batchSize?: number } = {}): Promise<TChainVerification> {
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? DEFAULT_BATCH, 50_000));
  let count = 0;
  let last = null as { seq: bigint; id: string; hash: string } | null;
  for (;;) {
    const after: bigint = last?.seq ?? 0n;
    const rows: TRow[] = await tx.$queryRaw<TRow[]>(Prisma.sql`
      SELECT r.seq, r.id, r."prevHash", r.hash, sotto_consent_hash(r) AS expected
      FROM "ConsentRecord" r
      WHERE r."tenantId" = ${tenantId} AND r.seq > ${after}
      ORDER BY r.seq
      LIMIT ${batchSize}`);
    for (const row of rows) {
      const seq = BigInt(row.seq);
      let reason: TChainBreakReason | null = null;
      if (row.expected !== row.hash) reason = "hash_mismatch";
      else if (seq !== (last?.seq ?? 0n) + 1n) reason = "sequence_gap";
      else if (row.prevHash !== (last?.hash ?? GENESIS_HASH)) reason = "prev_hash_mismatch";
      if (reason) return { ok: false, count, brokenAt: { seq, id: row.id, reason } };
      count++;
      last = { seq, id: row.id, hash: row.hash };
    }
    if (rows.length < batchSize) break;
  }
  const heads = await tx.$queryRaw<{ seq: bigint; hash: string }[]>(Prisma.sql`SELECT seq, hash FROM "ConsentHead" WHERE "tenantId" = ${tenantId}`);
  const head = heads[0];
  if (!head) return last ? { ok: false, count, brokenAt: { seq: last.seq, id: last.id, reason: "missing_head" } } : { ok: true, count: 0, headSeq: null };
  const headSeq = BigInt(head.seq);
  if (!last || headSeq !== last.seq) return { ok: false, count, brokenAt: { seq: (last?.seq ?? 0n) + 1n, id: null, reason: "head_mismatch" } };
  if (head.hash !== last.hash) return { ok: false, count, brokenAt: { seq: last.seq, id: last.id, reason: "head_mismatch" } };
  return { ok: true, count, headSeq };
}

/** The whole chain in one REPEATABLE READ snapshot, so records appended meanwhile cannot look like a break. */
export async function verifyConsentChain(tenantId: string, opts: { batchSize?: number; timeoutMs?: number } = {}): Promise<TChainVerification> {
  return withTenant(tenantId, (tx) => verifyConsentChainTx(tx, tenantId, opts), {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    timeout: opts.timeoutMs ?? 120_000,
  });
}
