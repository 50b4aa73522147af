import { auditActionLabel } from "@/lib/audit/actions";
import type { TAuditEventView } from "@/lib/audit/query";

// UTC, so times line up with exports and server logs whatever the viewer's zone.
function formatTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

export function AuditLogTable({ events }: { events: TAuditEventView[] }) {
  if (events.length === 0) {
    return <p className="rounded-xl border border-slate-200 bg-white p-6 text-center text-slate-600">No events match these filters.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">#</th>
            <th scope="col" className="px-4 py-2 font-medium">Time</th>
            <th scope="col" className="px-4 py-2 font-medium">Actor</th>
            <th scope="col" className="px-4 py-2 font-medium">Action</th>
            <th scope="col" className="px-4 py-2 font-medium">Target</th>
            <th scope="col" className="px-4 py-2 font-medium">IP prefix</th>
            <th scope="col" className="px-4 py-2 font-medium">Request</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {events.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="px-4 py-2 tabular-nums text-slate-500">{e.seq.toString()}</td>
              <td className="whitespace-nowrap px-4 py-2 tabular-nums">
                <time dateTime={e.createdAt.toISOString()}>{formatTime(e.createdAt)}</time>
              </td>
              <td className="px-4 py-2 break-all">{e.actorEmail ?? <span className="text-slate-500">System</span>}</td>
              <td className="px-4 py-2">
                <span className="font-medium text-slate-900">{auditActionLabel(e.action)}</span>
                <span className="block font-mono text-xs text-slate-500">{e.action}</span>
              </td>
              <td className="px-4 py-2">
                {e.targetType ? (
                  <>
                    <span>{e.targetType}</span>
                    <span className="block break-all font-mono text-xs text-slate-500">{e.targetId}</span>
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{e.ipPrefix ?? <span className="text-slate-400">—</span>}</td>
              <td className="px-4 py-2 font-mono text-xs text-slate-600">
                {e.requestId ? <span title={e.requestId}>{e.requestId.slice(0, 8)}</span> : <span className="text-slate-400">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
