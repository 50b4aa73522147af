import type { TSlaMonth } from "@/lib/privacy/sla";

const SERIES = [
  { key: "onTime", label: "Answered on time", color: "#047857" },
  { key: "late", label: "Answered late", color: "#b45309" },
  { key: "overdue", label: "Open, overdue", color: "#b91c1c" },
  { key: "open", label: "Open, within deadline", color: "#94a3b8" },
] as const;

/**
 * Server-rendered stacked bars, one per month of receipt. The SVG is a
 * picture (role img with a summary); the table below it carries the numbers
 * for screen readers and for anyone who prefers them.
 */
export function SlaChart({ months }: { months: TSlaMonth[] }) {
  const w = 640;
  const h = 200;
  const pad = { l: 32, r: 8, t: 12, b: 28 };
  const max = Math.max(1, ...months.map((m) => m.total));
  const step = (w - pad.l - pad.r) / months.length;
  const barW = Math.min(32, step * 0.6);
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const ticks = [...new Set([0, Math.ceil(max / 2), max])];
  const totals = months.reduce((a, m) => ({ onTime: a.onTime + m.onTime, due: a.due + m.onTime + m.late + m.overdue }), { onTime: 0, due: 0 });
  const summary = totals.due ? `${Math.round((totals.onTime / totals.due) * 100)}% of requests answered within their deadline over the last ${months.length} months.` : `No requests with a deadline in the last ${months.length} months.`;
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-4">
      <figcaption className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-semibold text-ink">Monthly SLA (by month received)</span>
        <span className="text-sm text-slate-600">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Monthly SLA chart. ${summary} The table below lists the numbers.`} className="mt-3 h-auto w-full">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
            <text x={pad.l - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#475569">
              {t}
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          let acc = 0;
          const x = pad.l + i * step + (step - barW) / 2;
          return (
            <g key={m.month}>
              {SERIES.map((s) => {
                const v = m[s.key];
                if (!v) return null;
                const top = y(acc + v);
                const rect = <rect key={s.key} x={x} y={top} width={barW} height={y(acc) - top} fill={s.color} rx="2" />;
                acc += v;
                return rect;
              })}
              <text x={x + barW / 2} y={h - 10} textAnchor="middle" fontSize="11" fill="#475569">
                {m.label}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="mt-2 flex flex-wrap gap-4 text-sm text-slate-700" aria-hidden="true">
        {SERIES.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className="inline-block h-3 w-3 rounded-sm" style={{ background: s.color }} />
            {s.label}
          </li>
        ))}
      </ul>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium text-brand-700">Show the numbers as a table</summary>
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">Data-subject requests per month of receipt</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">Month</th>
              {SERIES.map((s) => (
                <th key={s.key} scope="col" className="py-1 pr-3 font-medium">
                  {s.label}
                </th>
              ))}
              <th scope="col" className="py-1 font-medium">On time</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-3 font-normal">{m.label}</th>
                {SERIES.map((s) => (
                  <td key={s.key} className="py-1 pr-3 tabular-nums">
                    {m[s.key]}
                  </td>
                ))}
                <td className="py-1 tabular-nums">{m.onTimeRate === null ? "–" : `${Math.round(m.onTimeRate * 100)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
