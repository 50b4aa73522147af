"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { saveRetentionSettings } from "@/lib/retention/actions/save-retention-settings";
import type { TPurgeCounts } from "@/lib/retention/purge";
import { PurgeCounts } from "./purge-counts";

export type TRetentionFormRow = { id: string; label: string; months: number | null; defaultLabel: string; configurable: boolean; minMonths: number; maxMonths: number; purges: boolean; why: string };

export function RetentionForm({ tenantId, rows }: { tenantId: string; rows: TRetentionFormRow[] }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(rows.filter((r) => r.configurable).map((r) => [r.id, String(r.months ?? "")])));
  const [preview, setPreview] = useState<{ shorter: string[]; dryRun: TPurgeCounts } | null>(null);
  const { execute, result, isPending } = useAction(saveRetentionSettings.bind(null, tenantId), {
    onSuccess: ({ data }) => setPreview(data && !data.saved ? { shorter: data.shorter, dryRun: data.dryRun } : null),
  });
  const saved = result.data?.saved ? result.data : null;
  const submit = (confirmed: boolean) => execute({ values, confirmed });

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
    >
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Retention period per data category</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Data category</th>
              <th scope="col" className="px-4 py-2 font-medium">Privacy policy</th>
              <th scope="col" className="px-4 py-2 font-medium">This workspace</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-4 py-3 font-normal">
                  <span className="font-medium text-ink">{r.label}</span>
                  <span className="mt-0.5 block text-xs text-slate-600">{r.why}</span>
                </th>
                <td className="px-4 py-3 text-slate-700">{r.defaultLabel}</td>
                <td className="px-4 py-3">
                  {r.configurable ? (
                    <label className="flex items-center gap-2">
                      <span className="sr-only">{r.label}: months</span>
                      <input
                        type="number"
                        inputMode="numeric"
                        name={r.id}
                        min={r.minMonths}
                        max={r.maxMonths}
                        value={values[r.id] ?? ""}
                        onChange={(e) => setValues((v) => ({ ...v, [r.id]: e.target.value }))}
                        aria-describedby={`${r.id}-range`}
                        className="w-20 rounded-lg border border-slate-400 px-2 py-1 tabular-nums"
                      />
                      <span className="text-slate-700">months</span>
                      <span id={`${r.id}-range`} className="text-xs text-slate-600">
                        ({r.minMonths}–{r.maxMonths})
                      </span>
                    </label>
                  ) : (
                    <span className="text-slate-700">Fixed{r.months ? ` · ${r.months} months` : ""}</span>
                  )}
                  {!r.purges ? <span className="mt-1 block text-xs text-slate-500">No data of this kind is stored yet.</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.serverError ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {result.serverError} Nothing was saved.
        </p>
      ) : null}
      {preview ? (
        <div role="status" className="mt-4 rounded-xl border border-amber-300 bg-amber-50 p-4">
          <p className="font-semibold text-amber-950">Shorter periods delete data. The next purge would:</p>
          <div className="mt-2">
            <PurgeCounts counts={preview.dryRun} />
          </div>
          <div className="mt-3 flex gap-3">
            <button type="button" onClick={() => submit(true)} disabled={isPending} className="rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
              Confirm and save
            </button>
            <button type="button" onClick={() => setPreview(null)} className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800">
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {saved ? (
        <p role="status" className="mt-4 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">
          {saved.changed.length ? "Retention periods saved." : "Nothing changed."}
        </p>
      ) : null}
      {!preview ? (
        <button type="submit" disabled={isPending} className="mt-4 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          Save retention periods
        </button>
      ) : null}
    </form>
  );
}
