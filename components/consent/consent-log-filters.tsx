import { METHODS, OPTIONAL_CATEGORIES } from "@/lib/consent/categories";
import type { TConsentLogFilters } from "@/lib/consent/query";

const field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm";

/** A plain GET form: filters live in the URL, so a filtered view can be shared and exported as is. */
export function ConsentLogFilters({ action, values }: { action: string; values: TConsentLogFilters }) {
  return (
    <form action={action} method="get" className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter consent records">
      <label className="text-sm font-medium">
        Choice
        <select name="method" defaultValue={values.method ?? ""} className={field}>
          <option value="">Any</option>
          {METHODS.map((m) => (
            <option key={m} value={m}>{m.replace("_", " ")}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Granted category
        <select name="category" defaultValue={values.category ?? ""} className={field}>
          <option value="">Any</option>
          {OPTIONAL_CATEGORIES.map((c) => (
            <option key={c} value={c}>{c}</option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Country
        <input name="country" defaultValue={values.country ?? ""} placeholder="IT" maxLength={7} className={field} />
      </label>
      <label className="text-sm font-medium">
        From
        <input type="date" name="from" defaultValue={values.from ?? ""} className={field} />
      </label>
      <label className="text-sm font-medium">
        To
        <input type="date" name="to" defaultValue={values.to ?? ""} className={field} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Filter</button>
        <a href={action} className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">Clear</a>
      </div>
    </form>
  );
}
