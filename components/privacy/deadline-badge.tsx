const STYLES = {
  overdue: "bg-red-50 text-red-800 ring-red-200",
  due_soon: "bg-amber-50 text-amber-900 ring-amber-200",
  on_time: "bg-slate-100 text-slate-700 ring-slate-200",
  closed: "bg-emerald-50 text-emerald-800 ring-emerald-200",
} as const;
const LABELS = { overdue: "Overdue", due_soon: "Due soon", on_time: "On track", closed: "Closed" } as const;

export function DeadlineBadge({ state }: { state: keyof typeof STYLES }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STYLES[state]}`}>{LABELS[state]}</span>;
}

export const STATUS_LABELS: Record<string, string> = {
  pending: "Awaiting decision",
  processing: "In progress",
  completed: "Completed",
  refused: "Refused",
  unverified: "Unverified",
};

export const fmtDate = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
