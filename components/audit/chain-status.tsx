import type { TChainBreakReason, TChainVerification } from "@/lib/audit/verify";

const REASONS: Record<TChainBreakReason, string> = {
  hash_mismatch: "An event was modified after it was recorded",
  prev_hash_mismatch: "An event no longer links to the one before it",
  sequence_gap: "One or more events are missing",
  head_mismatch: "The most recent events are missing",
  missing_head: "The chain head record is missing",
};

/** The integrity verdict, stated first and in words: admins act on it, so it must not be subtle. */
export function ChainStatus({ result }: { result: TChainVerification }) {
  if (result.ok) {
    return (
      <section role="status" aria-label="Audit chain integrity" className="flex items-start gap-3 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        <span aria-hidden="true" className="mt-0.5 text-lg leading-none">✓</span>
        <div>
          <p className="font-semibold">Chain verified: {result.count.toLocaleString("en")} event{result.count === 1 ? "" : "s"}</p>
          <p className="mt-0.5 text-sm text-emerald-800">
            Every event is intact and linked to the previous one{result.headSeq ? `, up to #${result.headSeq.toString()}` : ""}.
          </p>
        </div>
      </section>
    );
  }
  const { seq, reason } = result.brokenAt;
  return (
    <section role="alert" aria-label="Audit chain integrity" className="flex items-start gap-3 rounded-xl border border-red-300 bg-red-50 p-4 text-red-900">
      <span aria-hidden="true" className="mt-0.5 text-lg leading-none">!</span>
      <div>
        <p className="font-semibold">
          Chain broken at #{seq.toString()} ({reason})
        </p>
        <p className="mt-0.5 text-sm text-red-800">
          {REASONS[reason]}. {result.count.toLocaleString("en")} event{result.count === 1 ? "" : "s"} before it verified. The log may have been
          tampered with outside the application; contact your Sotto administrator.
        </p>
      </div>
    </section>
  );
}
