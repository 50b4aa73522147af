import type { TChainBreakReason, TChainVerification } from "@/lib/audit/verify";

/** The words one hash-chained log (audit trail, consent proof) uses for its verdict. */
export type TChainCopy = {
  label: string;
  item: { one: string; many: string };
  reasons: Record<TChainBreakReason, string>;
  /** The intact chain, in a sentence ("Every event is intact …"). */
  intact: string;
  /** After the break: what the admin should make of it. */
  advice: string;
  /** Name the broken row by id (consent records carry ids the admin can look up). */
  showBrokenId?: boolean;
};

/** The integrity verdict, stated first and in words: admins act on it, so it must not be subtle. */
export function ChainStatus({ result, copy }: { result: TChainVerification; copy: TChainCopy }) {
  const items = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? copy.item.one : copy.item.many}`;
  if (result.ok) {
    return (
      <section role="status" aria-label={copy.label} className="flex items-start gap-3 rounded-xl border border-emerald-200 bg-emerald-50 p-4 text-emerald-900">
        <span aria-hidden="true" className="mt-0.5 text-lg leading-none">✓</span>
        <div>
          <p className="font-semibold">Chain verified: {items(result.count)}</p>
          <p className="mt-0.5 text-sm text-emerald-800">
            {copy.intact}
            {result.headSeq ? `, up to #${result.headSeq.toString()}` : ""}.
          </p>
        </div>
      </section>
    );
  }
  const { seq, reason, id } = result.brokenAt;
  return (
    <section role="alert" aria-label={copy.label} className="flex items-start gap-3 rounded-xl border border-red-300 bg-red-50 p-4 text-red-900">
      <span aria-hidden="true" className="mt-0.5 text-lg leading-none">!</span>
      <div>
        <p className="font-semibold">
          Chain broken at #{seq.toString()} ({reason})
        </p>
        <p className="mt-0.5 text-sm text-red-800">
          {copy.reasons[reason]}
          {copy.showBrokenId && id ? ` (${copy.item.one} ${id})` : ""}. {items(result.count)} before it verified. {copy.advice}
        </p>
      </div>
    </section>
  );
}
