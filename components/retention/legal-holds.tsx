"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { placeLegalHold, releaseLegalHold } from "@/lib/retention/actions/manage-legal-hold";

export type THoldRow = { id: string; target: string; targetKind: "Contact" | "Conversation"; reason: string; by: string; since: string; releasedAt: string | null };

const field = "mt-1 block w-full rounded-lg border border-slate-400 px-3 py-2 text-sm";

export function LegalHolds({ tenantId, holds }: { tenantId: string; holds: THoldRow[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<"contactId" | "conversationId">("conversationId");
  const [target, setTarget] = useState("");
  const [reason, setReason] = useState("");
  const place = useAction(placeLegalHold.bind(null, tenantId), {
    onSuccess: () => {
      setTarget("");
      setReason("");
      router.refresh();
    },
  });
  const release = useAction(releaseLegalHold.bind(null, tenantId), { onSuccess: () => router.refresh() });
  const v = place.result.validationErrors as Record<string, { _errors?: string[] }> | undefined;
  const error = place.result.serverError ?? (v ? Object.values(v).find((x) => x?._errors?.length)?._errors?.[0] : undefined);

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        {holds.length ? (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Legal holds</caption>
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Held</th>
                <th scope="col" className="px-4 py-2 font-medium">Reason</th>
                <th scope="col" className="px-4 py-2 font-medium">Placed by</th>
                <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {holds.map((h) => (
                <tr key={h.id} className="border-t border-slate-100 align-top">
                  <td className="px-4 py-2">
                    {h.targetKind} <span className="font-mono text-xs text-slate-600">{h.target}</span>
                  </td>
                  <td className="px-4 py-2">{h.reason}</td>
                  <td className="px-4 py-2 text-slate-700">
                    {h.by}, {h.since}
                  </td>
                  <td className="px-4 py-2 text-right">
                    {h.releasedAt ? (
                      <span className="text-slate-600">Released {h.releasedAt}</span>
                    ) : (
                      <button type="button" onClick={() => release.execute({ holdId: h.id })} disabled={release.isPending} className="font-medium text-brand-700 hover:underline">
                        Release
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="p-6 text-center text-slate-600">No legal holds.</p>
        )}
      </div>
      <form
        noValidate
        className="rounded-xl border border-slate-200 bg-white p-4"
        onSubmit={(e) => {
          e.preventDefault();
          place.execute({ [kind]: target, reason } as never);
        }}
      >
        <h3 className="font-semibold text-ink">Place a hold</h3>
        <p className="mt-1 text-sm text-slate-600">Held data is exempt from retention purges and from erasure until released.</p>
        <fieldset className="mt-3">
          <legend className="text-sm font-medium text-slate-800">Hold a</legend>
          <div className="mt-1 flex gap-4 text-sm">
            {(
              [
                ["conversationId", "Conversation"],
                ["contactId", "Contact"],
              ] as const
            ).map(([k, label]) => (
              <label key={k} className="flex items-center gap-1.5">
                <input type="radio" name="hold-kind" checked={kind === k} onChange={() => setKind(k)} className="accent-brand-600" />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="mt-3 block text-sm font-medium text-slate-800">
          {kind === "contactId" ? "Contact id" : "Conversation id"}
          <input value={target} onChange={(e) => setTarget(e.target.value)} className={`${field} font-mono`} />
        </label>
        <label className="mt-3 block text-sm font-medium text-slate-800">
          Reason
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} className={field} />
        </label>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={place.isPending} className="mt-3 rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          Place hold
        </button>
      </form>
    </div>
  );
}
