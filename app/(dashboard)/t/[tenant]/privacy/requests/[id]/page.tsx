import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/guard";
import { now } from "@/lib/clock";
import { getRequest, maskIdentity } from "@/lib/privacy/admin";
import { addCalendarMonths, deadlineState, latestExtendedDueDate } from "@/lib/privacy/deadlines";
import { readProgress, type TErasureReport } from "@/lib/privacy/fulfil";
import { REQUEST_TYPE_LABELS, type TPrivacyRequestType } from "@/lib/privacy/schemas";
import { DATA_STORES } from "@/lib/privacy/stores/all";
import { AutoRefresh } from "@/components/privacy/auto-refresh";
import { DeadlineBadge, fmtDate, STATUS_LABELS } from "@/components/privacy/deadline-badge";
import { ReviewPanel } from "@/components/privacy/review-panel";
import { VerificationExportButton } from "@/components/privacy/verification-export-button";

export const metadata: Metadata = { title: "Privacy request" };

type TProps = { params: Promise<{ tenant: string; id: string }> };

function detailLines(details: unknown): [string, string][] {
  const d = (details ?? {}) as Record<string, unknown>;
  const out: [string, string][] = [];
  if (typeof d.correction === "string") out.push(["Correction asked for", d.correction]);
  if (d.scope === "profiling") out.push(["Objects to", "Profiling and segmentation for marketing"]);
  if (d.scope === "direct_marketing") out.push(["Objects to", "Direct marketing messages"]);
  if (typeof d.purpose === "string") out.push(["Consent withdrawn", d.purpose]);
  if (typeof d.reason === "string" && d.reason) out.push(["Requester's note", d.reason]);
  return out;
}

export default async function PrivacyRequestPage({ params }: TProps) {
  const { tenant: slug, id } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const r = await getRequest(tenant.id, id);
  if (!r) notFound();
  const at = now();
  const open = r.status === "pending" || r.status === "processing";
  const progress = readProgress(r.progress);
  const report = r.report as TErasureReport | null;
  const extensionMonths = [1, 2].filter((n) => addCalendarMonths(r.receivedAt, 1 + n) > r.dueAt && addCalendarMonths(r.receivedAt, 1 + n) <= latestExtendedDueDate(r.receivedAt));
  const base = `/t/${encodeURIComponent(tenant.slug)}/privacy/requests`;
  const verification = r.exports.filter((e) => e.purpose === "verification");

  return (
    <>
      <AutoRefresh active={r.status === "processing" || verification.some((e) => e.status === "building")} />
      <Link href={base} className="text-sm font-medium text-brand-700 hover:underline">
        ← All requests
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{REQUEST_TYPE_LABELS[r.type as TPrivacyRequestType].title}</h1>
        <span className="rounded-full bg-slate-100 px-3 py-1 text-sm font-medium text-slate-800" data-testid="request-status">
          {STATUS_LABELS[r.status]}
        </span>
        <DeadlineBadge state={open ? deadlineState(r.dueAt, at) : "closed"} />
      </div>

      <dl className="mt-6 grid gap-4 rounded-xl border border-slate-200 bg-white p-5 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">Requester (verified)</dt>
          <dd className="font-mono text-ink">{maskIdentity(r.identityKind, r.identityValue)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Received</dt>
          <dd className="text-ink">{fmtDate(r.receivedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Due</dt>
          <dd className="text-ink">
            {fmtDate(r.dueAt)}
            {r.extendedAt ? " (extended)" : ""}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600">Contacts</dt>
          <dd className="text-ink">{r.contactIds.length}{r.userId ? " + Sotto account" : ""}</dd>
        </div>
        {r.completedAt ? (
          <div>
            <dt className="text-slate-600">Completed</dt>
            <dd className="text-ink">{fmtDate(r.completedAt)}</dd>
          </div>
        ) : null}
        {r.extensionReason ? (
          <div className="sm:col-span-3">
            <dt className="text-slate-600">Extension reason</dt>
            <dd className="text-ink">{r.extensionReason}</dd>
          </div>
        ) : null}
        {r.refusalReason ? (
          <div className="sm:col-span-3">
            <dt className="text-slate-600">Refusal reason</dt>
            <dd className="text-ink">{r.refusalReason}</dd>
          </div>
        ) : null}
        {detailLines(r.details).map(([k, v]) => (
          <div key={k} className="sm:col-span-3">
            <dt className="text-slate-600">{k}</dt>
            <dd className="whitespace-pre-wrap text-ink">{v}</dd>
          </div>
        ))}
        {r.holds.length ? (
          <div className="sm:col-span-3">
            <dt className="text-slate-600">Legal holds</dt>
            <dd className="text-amber-900">{r.holds.map((h) => h.reason).join("; ")}: held data is kept through erasure.</dd>
          </div>
        ) : null}
      </dl>

      {open ? (
        <section aria-labelledby="decide" className="mt-8">
          <h2 id="decide" className="text-lg font-semibold">
            Decision
          </h2>
          <div className="mt-3">
            <ReviewPanel tenantId={tenant.id} requestId={r.id} type={r.type} canDecide={r.status === "pending"} canExtend={extensionMonths.length > 0} extensionMonths={extensionMonths} />
          </div>
        </section>
      ) : null}

      {progress.stores && Object.keys(progress.stores).length ? (
        <section aria-labelledby="progress" className="mt-8">
          <h2 id="progress" className="text-lg font-semibold">
            {r.type === "erasure" ? "Erasure by data store" : "Fulfilment by data store"}
          </h2>
          <div className="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="store-progress">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Data store</th>
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                  {r.type === "erasure" ? (
                    <>
                      <th scope="col" className="px-4 py-2 text-right font-medium">Deleted</th>
                      <th scope="col" className="px-4 py-2 text-right font-medium">Anonymised</th>
                      <th scope="col" className="px-4 py-2 text-right font-medium">Retained</th>
                    </>
                  ) : (
                    <th scope="col" className="px-4 py-2 text-right font-medium">Records</th>
                  )}
                </tr>
              </thead>
              <tbody>
                {DATA_STORES.map((s) => {
                  const p = progress.stores?.[s.name];
                  return (
                    <tr key={s.name} className="border-t border-slate-100" data-store={s.name}>
                      <th scope="row" className="px-4 py-2 font-normal">
                        {s.label} <span className="font-mono text-xs text-slate-500">{s.name}</span>
                      </th>
                      <td className="px-4 py-2">{p ? (p.status === "erased" ? "Erased" : "Exported") : "Waiting"}</td>
                      {r.type === "erasure" ? (
                        <>
                          <td className="px-4 py-2 text-right tabular-nums" data-count="deleted">{p?.counts?.deleted ?? "–"}</td>
                          <td className="px-4 py-2 text-right tabular-nums" data-count="anonymised">{p?.counts?.anonymised ?? "–"}</td>
                          <td className="px-4 py-2 text-right tabular-nums" data-count="retained">{p?.counts?.retained ?? "–"}</td>
                        </>
                      ) : (
                        <td className="px-4 py-2 text-right tabular-nums">{p?.rows ?? "–"}</td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {report ? (
        <section aria-labelledby="retained" className="mt-8">
          <h2 id="retained" className="text-lg font-semibold">
            Kept by law ({report.retained.length})
          </h2>
          <p className="mt-1 text-sm text-slate-600">Records the erasure kept, isolated and listed with the reason. They are deleted when their own retention period ends.</p>
          <ul className="mt-3 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white text-sm">
            {[...new Map(report.retained.map((x) => [`${x.store}|${x.basis}`, x])).values()].map((x) => (
              <li key={`${x.store}|${x.basis}`} className="px-4 py-2">
                <span className="font-mono text-xs text-slate-600">{x.store}</span> ·{" "}
                {report.retained.filter((y) => y.store === x.store && y.basis === x.basis).length} record(s): {x.basis}
              </li>
            ))}
          </ul>
          <div className="mt-4 flex flex-wrap items-center gap-4">
            <VerificationExportButton tenantId={tenant.id} requestId={r.id} />
            {verification.map((e) =>
              e.status === "ready" ? (
                <a key={e.id} href={`${base}/${r.id}/verification-export/${e.id}`} download className="text-sm font-medium text-brand-700 hover:underline">
                  Download verification export ({fmtDate(e.createdAt)})
                </a>
              ) : (
                <span key={e.id} role="status" className="text-sm text-slate-600">
                  Building verification export…
                </span>
              ),
            )}
          </div>
        </section>
      ) : null}
    </>
  );
}
