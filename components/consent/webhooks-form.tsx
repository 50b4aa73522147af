"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { setConsentWebhook } from "@/lib/consent/actions/set-consent-webhook";
import { FormError, inputClass } from "@/components/ui/form";

type TRow = { vendorId: string; vendorName: string; url: string | null };

function WebhookRow({ tenantId, row }: { tenantId: string; row: TRow }) {
  const [url, setUrl] = useState(row.url ?? "");
  const { execute, result, isPending } = useAction(setConsentWebhook.bind(null, tenantId));
  const inputId = `hook-${row.vendorId}`;
  return (
    <li className="space-y-2 py-4">
      <label htmlFor={inputId} className="block text-sm font-medium">
        {row.vendorName} <span className="font-mono text-xs text-slate-500">({row.vendorId})</span>
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <input id={inputId} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://vendor.example/consent-withdrawn" className={`${inputClass} mt-0 max-w-xl flex-1`} />
        <button type="button" disabled={isPending || !url} onClick={() => execute({ vendorId: row.vendorId, url, rotateSecret: false, remove: false })} className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          Save
        </button>
        {row.url ? (
          <>
            <button type="button" disabled={isPending} onClick={() => execute({ vendorId: row.vendorId, url, rotateSecret: true, remove: false })} className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium hover:border-brand-600">
              New secret
            </button>
            <button type="button" disabled={isPending} onClick={() => execute({ vendorId: row.vendorId, url, rotateSecret: false, remove: true })} className="rounded-lg px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50">
              Remove
            </button>
          </>
        ) : null}
      </div>
      <FormError message={result.serverError} />
      {result.data?.secret ? (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Signing secret for {row.vendorName}, shown once. Give it to the vendor to check <code>X-Sotto-Signature</code>:{" "}
          <code className="break-all font-mono">{result.data.secret}</code>
        </p>
      ) : null}
      {result.data?.removed ? <p role="status" className="text-sm text-slate-600">Webhook removed.</p> : null}
    </li>
  );
}

/** One withdrawal webhook per vendor of the published policy. */
export function WebhooksForm({ tenantId, rows }: { tenantId: string; rows: TRow[] }) {
  if (!rows.length) return <p className="text-sm text-slate-600">Add vendors to the policy first.</p>;
  return (
    <ul className="divide-y divide-slate-200">
      {rows.map((r) => (
        <WebhookRow key={r.vendorId} tenantId={tenantId} row={r} />
      ))}
    </ul>
  );
}
