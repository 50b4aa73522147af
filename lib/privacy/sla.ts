/**
 * Monthly SLA of data-subject requests, by month of receipt (UTC): answered
 * within the deadline (extensions count as the deadline), answered late,
 * still open within the deadline, and open past it.
 */
export type TSlaRow = { receivedAt: Date; dueAt: Date; closedAt: Date | null };
export type TSlaMonth = { month: string; label: string; onTime: number; late: number; open: number; overdue: number; total: number; onTimeRate: number | null };

export function monthlySla(rows: readonly TSlaRow[], at: Date, months = 12): TSlaMonth[] {
  const out: TSlaMonth[] = [];
  for (let i = months - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - i, 1));
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    out.push({ month, label: d.toLocaleDateString("en-GB", { month: "short", year: "2-digit", timeZone: "UTC" }), onTime: 0, late: 0, open: 0, overdue: 0, total: 0, onTimeRate: null });
  }
  const byMonth = new Map(out.map((m) => [m.month, m]));
  for (const r of rows) {
    const key = r.receivedAt.toISOString().slice(0, 7);
    const m = byMonth.get(key);
    if (!m) continue;
    m.total++;
    if (r.closedAt) {
      if (r.closedAt.getTime() <= r.dueAt.getTime()) m.onTime++;
      else m.late++;
    } else if (at.getTime() > r.dueAt.getTime()) m.overdue++;
    else m.open++;
  }
  for (const m of out) {
    const closedOrDue = m.onTime + m.late + m.overdue;
    m.onTimeRate = closedOrDue ? m.onTime / closedOrDue : null;
  }
  return out;
}
