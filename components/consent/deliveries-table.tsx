type TDelivery = { id: string; recordId: string; vendorId: string; status: string; attempts: number; lastStatus: number | null; lastError: string | null; createdAt: Date; deliveredAt: Date | null };

const BADGE: Record<string, string> = {
  delivered: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  pending: "bg-amber-50 text-amber-900 ring-amber-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
};

/** Withdrawal webhooks per vendor: whether each vendor has been told. */
export function DeliveriesTable({ rows }: { rows: TDelivery[] }) {
  if (!rows.length) return <p className="text-sm text-slate-600">No withdrawals have been sent to vendors yet.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Withdrawal webhooks sent to vendors, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">Vendor</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Attempts</th>
            <th scope="col" className="px-3 py-2">Last answer</th>
            <th scope="col" className="px-3 py-2">Withdrawal</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((d) => (
            <tr key={d.id}>
              <th scope="row" className="px-3 py-2 font-mono text-xs font-medium">{d.vendorId}</th>
              <td className="px-3 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${BADGE[d.status] ?? ""}`}>{d.status}</span>
              </td>
              <td className="px-3 py-2">{d.attempts}</td>
              <td className="px-3 py-2 text-slate-700">{d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : "–")}</td>
              <td className="px-3 py-2 text-xs text-slate-600">
                {d.createdAt.toISOString().replace("T", " ").slice(0, 16)} · <span className="font-mono">{d.recordId}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
