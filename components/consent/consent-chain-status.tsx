import type { TChainVerification } from "@/lib/audit/verify";
import { ChainStatus, type TChainCopy } from "@/components/ui/chain-status";

const CONSENT_COPY: TChainCopy = {
  label: "Consent chain integrity",
  item: { one: "record", many: "records" },
  reasons: {
    hash_mismatch: "A consent record was modified after it was recorded",
    prev_hash_mismatch: "A consent record no longer links to the one before it",
    sequence_gap: "One or more consent records are missing",
    head_mismatch: "The most recent consent records are missing",
    missing_head: "The chain head record is missing",
  },
  intact: "Every consent record is intact and linked to the previous one",
  advice: "The log may have been tampered with outside the application.",
  showBrokenId: true,
};

/** The proof's integrity, stated first: if it is broken, the log cannot be relied on as evidence. */
export function ConsentChainStatus({ result }: { result: TChainVerification }) {
  return <ChainStatus result={result} copy={CONSENT_COPY} />;
}
