import type { TChainBreakReason, TChainVerification } from "@/lib/audit/verify";

const REASONS: Record<TChainBreakReason, string> = {
  hash_mismatch: "A consent record was modified after it was recorded",
  prev_hash_mismatch: "A consent record no longer links to the one before it",
  sequence_gap: "One or more consent records are missing",
  head_mismatch: "The most recent consent records are missing",
  missing_head: "The chain head record is missing",
};

/** The proof's integrity, stated first: if it is broken, the log cannot be relied on as evidence. */
export function ConsentChainStatus({ result }: { result: TChainVerification }) {
  if (result.ok) {
    return (
      <section role="status" aria-label="Consent chain integrity" className="flex items-start gap-3 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        <span aria-hidden="true" className="mt-0.5 text-lg leading-none">✓</span>
        <div>
          <p className="font-semibold">Chain verified: {result.count.toLocaleString("en")} record{result.count === 1 ? "" : "s"}</p>
          <p className="mt-0.5 text-sm text-emerald-800">Every consent record is intact and linked to the previous one{result.headSeq ? `, up to #${result.headSeq.toString()}` : ""}.</p>
        </div>
      </section>
    );
  }
  const { seq, reason, id } = result.brokenAt;
  return (
    <section role="alert" aria-label="Consent chain integrity" className="flex items-start gap-3 rounded-xl border border-red-300 bg-red-50 p-4 text-red-900">
      <span aria-hidden="true" className="mt-0.5 text-lg leading-none">!</span>
      <div>
        <p className="font-semibold">
          Chain broken at #{seq.toString()} ({reason})
        </p>
        <p className="mt-0.5 text-sm text-red-800">
          {REASONS[reason]}{id ? ` (record ${id})` : ""}. {result.count.toLocaleString("en")} record{result.count === 1 ? "" : "s"} before it verified. The log may
          have been tampered with outside the application.
        </p>
      </div>
    </section>
  );
}
