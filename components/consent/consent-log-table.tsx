import type { TConsentLogRow } from "@/lib/consent/query";

const METHOD_LABELS: Record<string, string> = {
  accept_all: "Accept all",
  reject_all: "Reject all",
  customize: "Customized",
  dismiss: "Dismissed",
  gpc: "Global Privacy Control",
  withdraw: "Withdrawal",
};
const CATS = ["functional", "analytics", "advertising"] as const;

function Granted({ s }: { s: Record<string, boolean> }) {
  const on = CATS.filter((c) => s[c]);
  return <>{on.length ? on.join(", ") : <span className="text-slate-500">necessary only</span>}</>;
}

export function ConsentLogTable({ rows }: { rows: TConsentLogRow[] }) {
  if (!rows.length) return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No consent records match these filters.</p>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Consent records, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2">#</th>
            <th scope="col" className="px-3 py-2">Time (UTC)</th>
            <th scope="col" className="px-3 py-2">Choice</th>
            <th scope="col" className="px-3 py-2">Granted</th>
            <th scope="col" className="px-3 py-2">Policy</th>
            <th scope="col" className="px-3 py-2">Where</th>
            <th scope="col" className="px-3 py-2">Consent id</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="px-3 py-2 font-mono text-xs text-slate-600">{r.seq.toString()}</td>
              <td className="px-3 py-2 whitespace-nowrap">{r.createdAt.toISOString().replace("T", " ").slice(0, 19)}</td>
              <th scope="row" className="px-3 py-2 font-medium">
                {METHOD_LABELS[r.method] ?? r.method}
                {r.withdrawn.length ? <span className="block text-xs font-normal text-amber-800">withdrew {r.withdrawn.join(", ")}</span> : null}
                {r.gpc && r.method !== "gpc" ? <span className="block text-xs font-normal text-slate-600">GPC signal on</span> : null}
              </th>
              <td className="px-3 py-2"><Granted s={r.selections} /></td>
              <td className="px-3 py-2">
                v{r.policyVersion} <span className="block font-mono text-xs text-slate-500" title={r.fingerprint}>{r.fingerprint.slice(0, 12)}…</span>
              </td>
              <td className="px-3 py-2">
                {r.country === "unknown" ? "Unknown country" : r.country} · {r.uaFamily} · {r.locale}
                <span className="block max-w-[14rem] truncate text-xs text-slate-500">{r.origin}</span>
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all">
                {r.consentId}
                {r.userId ? <span className="block font-sans text-slate-500">signed-in user</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
