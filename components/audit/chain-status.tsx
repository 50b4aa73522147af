import type { TChainVerification } from "@/lib/audit/verify";
import { ChainStatus as ChainVerdict, type TChainCopy } from "@/components/ui/chain-status";

const AUDIT_COPY: TChainCopy = {
  label: "Audit chain integrity",
  item: { one: "event", many: "events" },
  reasons: {
    hash_mismatch: "An event was modified after it was recorded",
    prev_hash_mismatch: "An event no longer links to the one before it",
    sequence_gap: "One or more events are missing",
    head_mismatch: "The most recent events are missing",
    missing_head: "The chain head record is missing",
  },
  intact: "Every event is intact and linked to the previous one",
  advice: "The log may have been tampered with outside the application; contact your Sotto administrator.",
};

export function ChainStatus({ result }: { result: TChainVerification }) {
  return <ChainVerdict result={result} copy={AUDIT_COPY} />;
}
