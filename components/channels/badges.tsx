import type { ChannelStatus } from "@/lib/db/generated/enums";
import { CHANNEL_STATUS_LABELS, deliveryOutcomeLabel, isFailureOutcome } from "@/lib/channels/types";

export function StatusBadge({ status }: { status: ChannelStatus }) {
  const cls =
    status === "active" ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20" : status === "error" ? "bg-red-50 text-red-800 ring-red-600/20" : "bg-slate-100 text-slate-700 ring-slate-500/20";
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${cls}`}>{CHANNEL_STATUS_LABELS[status]}</span>;
}

export function SandboxBadge() {
  return <span className="inline-flex items-center rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-600/30">Sandbox</span>;
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const failed = isFailureOutcome(outcome);
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${failed ? "bg-red-50 text-red-800 ring-red-600/20" : "bg-slate-50 text-slate-700 ring-slate-500/20"}`}>
      {deliveryOutcomeLabel(outcome)}
    </span>
  );
}
