import Link from "next/link";
import { AUDIT_ACTIONS, auditActionLabel } from "@/lib/audit/actions";

export type TAuditFilterValues = { action?: string; actor?: string; from?: string; to?: string };

const field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm";

/** A plain GET form: filtering works without JavaScript and every view is a shareable URL. */
export function AuditFilters({ action, values, invalid = [] }: { action: string; values: TAuditFilterValues; invalid?: string[] }) {
  const err = (name: string) => (invalid.includes(name) ? { "aria-invalid": true as const, "aria-describedby": `audit-${name}-error` } : {});
  const msg = (name: string, text: string) =>
    invalid.includes(name) ? (
      <p id={`audit-${name}-error`} className="mt-1 text-xs text-red-700">
        {text}
      </p>
    ) : null;
  return (
    <form method="get" action={action} role="search" aria-label="Filter audit events" className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[1.2fr_1.2fr_1fr_1fr_auto]">
      <div>
        <label htmlFor="audit-action" className="text-sm font-medium text-slate-700">Action</label>
        <select id="audit-action" name="action" defaultValue={values.action ?? ""} className={field} {...err("action")}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {auditActionLabel(a)}
            </option>
          ))}
        </select>
        {msg("action", "Unknown action; ignored.")}
      </div>
      <div>
        <label htmlFor="audit-actor" className="text-sm font-medium text-slate-700">Actor email contains</label>
        <input id="audit-actor" name="actor" type="search" defaultValue={values.actor ?? ""} maxLength={320} autoComplete="off" className={field} {...err("actor")} />
        {msg("actor", "Too long; ignored.")}
      </div>
      <div>
        <label htmlFor="audit-from" className="text-sm font-medium text-slate-700">From (UTC)</label>
        <input id="audit-from" name="from" type="date" defaultValue={values.from ?? ""} className={field} {...err("from")} />
        {msg("from", "Not a valid date; ignored.")}
      </div>
      <div>
        <label htmlFor="audit-to" className="text-sm font-medium text-slate-700">To (UTC)</label>
        <input id="audit-to" name="to" type="date" defaultValue={values.to ?? ""} className={field} {...err("to")} />
        {msg("to", "Not a valid date or before the start; ignored.")}
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Filter
        </button>
        <Link href={action} className="rounded-lg px-3 py-2 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900">
          Reset
        </Link>
      </div>
    </form>
  );
}
