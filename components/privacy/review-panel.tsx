"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { approvePrivacyRequest, extendPrivacyRequest, refusePrivacyRequest } from "@/lib/privacy/actions/review-privacy-request";

const field = "mt-1 block w-full rounded-lg border border-slate-400 px-3 py-2 text-sm";

function ActionResult({ error, ok }: { error?: string; ok?: string }) {
  if (error) return <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-800">{error}</p>;
  if (ok) return <p role="status" className="mt-2 rounded-md bg-emerald-50 p-2 text-sm text-emerald-900">{ok}</p>;
  return null;
}

const errorOf = (r: { serverError?: string; validationErrors?: unknown }) => {
  if (r.serverError) return r.serverError;
  const v = r.validationErrors as Record<string, { _errors?: string[] }> | undefined;
  return v ? Object.values(v).find((x) => x?._errors?.length)?._errors?.[0] : undefined;
};

export function ReviewPanel({ tenantId, requestId, type, canDecide, canExtend, extensionMonths }: { tenantId: string; requestId: string; type: string; canDecide: boolean; canExtend: boolean; extensionMonths: number[] }) {
  const router = useRouter();
  const onSuccess = () => router.refresh();
  const approve = useAction(approvePrivacyRequest.bind(null, tenantId), { onSuccess });
  const refuse = useAction(refusePrivacyRequest.bind(null, tenantId), { onSuccess });
  const extend = useAction(extendPrivacyRequest.bind(null, tenantId), { onSuccess });
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const [months, setMonths] = useState(String(extensionMonths[extensionMonths.length - 1] ?? 1));
  const [extReason, setExtReason] = useState("");
  const rectification = type === "rectification";

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {canDecide ? (
        <form
          className="rounded-xl border border-slate-200 bg-white p-4"
          onSubmit={(e) => {
            e.preventDefault();
            approve.execute({ requestId, note: rectification ? note : undefined });
          }}
        >
          <h3 className="font-semibold text-ink">Approve</h3>
          <p className="mt-1 text-sm text-slate-600">
            {rectification ? "Correct the data in the inbox first, then say what you changed: it is sent to the requester." : "Fulfilment starts at once, one step per data store; the requester is told when it is done."}
          </p>
          {rectification ? (
            <label className="mt-3 block text-sm font-medium text-slate-800">
              What you corrected
              <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} className={field} />
            </label>
          ) : null}
          <button type="submit" disabled={approve.isPending} className="mt-3 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {rectification ? "Mark as corrected" : "Approve and fulfil"}
          </button>
          <ActionResult error={errorOf(approve.result)} />
        </form>
      ) : null}
      {canDecide ? (
        <form
          className="rounded-xl border border-slate-200 bg-white p-4"
          onSubmit={(e) => {
            e.preventDefault();
            refuse.execute({ requestId, reason });
          }}
        >
          <h3 className="font-semibold text-ink">Refuse</h3>
          <p className="mt-1 text-sm text-slate-600">The reason is sent to the requester, with their right to complain to a supervisory authority.</p>
          <label className="mt-3 block text-sm font-medium text-slate-800">
            Reason
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} className={field} />
          </label>
          <button type="submit" disabled={refuse.isPending} className="mt-3 rounded-lg bg-red-700 px-4 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60">
            Refuse request
          </button>
          <ActionResult error={errorOf(refuse.result)} />
        </form>
      ) : null}
      {canExtend ? (
        <form
          className="rounded-xl border border-slate-200 bg-white p-4"
          onSubmit={(e) => {
            e.preventDefault();
            extend.execute({ requestId, months: Number(months), reason: extReason });
          }}
        >
          <h3 className="font-semibold text-ink">Extend the deadline</h3>
          <p className="mt-1 text-sm text-slate-600">By up to two further months for complex or numerous requests. The reason is recorded and sent to the requester.</p>
          <label className="mt-3 block text-sm font-medium text-slate-800">
            Further months
            <select value={months} onChange={(e) => setMonths(e.target.value)} className={field}>
              {extensionMonths.map((n) => (
                <option key={n} value={n}>
                  {n} month{n > 1 ? "s" : ""} after the original deadline
                </option>
              ))}
            </select>
          </label>
          <label className="mt-3 block text-sm font-medium text-slate-800">
            Reason
            <textarea value={extReason} onChange={(e) => setExtReason(e.target.value)} rows={2} className={field} />
          </label>
          <button type="submit" disabled={extend.isPending} className="mt-3 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:border-brand-600 disabled:opacity-60">
            Extend deadline
          </button>
          <ActionResult error={errorOf(extend.result)} ok={extend.result.data ? "Deadline extended; the requester has been told." : undefined} />
        </form>
      ) : null}
    </div>
  );
}
