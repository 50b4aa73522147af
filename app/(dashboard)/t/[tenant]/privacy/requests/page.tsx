import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { listRequests, requestCounts, tenantSla, type TRequestFilter } from "@/lib/privacy/admin";
import { REQUEST_TYPE_LABELS, type TPrivacyRequestType } from "@/lib/privacy/schemas";
import { portalPath } from "@/lib/privacy/platform";
import { SlaChart } from "@/components/privacy/sla-chart";
import { DeadlineBadge, fmtDate, STATUS_LABELS } from "@/components/privacy/deadline-badge";

export const metadata: Metadata = { title: "Privacy requests" };

const FILTERS: { key: TRequestFilter; label: string }[] = [
  { key: "open", label: "Open" },
  { key: "due_soon", label: "Due soon" },
  { key: "overdue", label: "Overdue" },
  { key: "extended", label: "Extended" },
  { key: "closed", label: "Closed" },
];

type TProps = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PrivacyRequestsPage({ params, searchParams }: TProps) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const raw = (await searchParams).show;
  const filter = FILTERS.find((f) => f.key === raw)?.key ?? "open";
  const [items, counts, sla] = await Promise.all([listRequests(tenant.id, filter), requestCounts(tenant.id), tenantSla(tenant.id)]);
  const base = `/t/${encodeURIComponent(tenant.slug)}/privacy/requests`;
  const countFor: Partial<Record<TRequestFilter, number>> = { open: counts.open, due_soon: counts.dueSoon, overdue: counts.overdue, extended: counts.extended };

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Privacy requests</h1>
          <p className="mt-1 max-w-2xl text-slate-600">
            Requests from people whose data {tenant.name} holds, made in your{" "}
            <Link href={portalPath(tenant.slug)} className="font-medium text-brand-700 underline-offset-2 hover:underline">
              privacy center
            </Link>{" "}
            after verifying their identity. You are the controller: each is due one calendar month after receipt.
          </p>
        </div>
      </div>

      <dl className="mt-6 grid gap-3 sm:grid-cols-4">
        {[
          ["Open", counts.open, "text-ink"],
          ["Due within 7 days", counts.dueSoon, counts.dueSoon ? "text-amber-800" : "text-ink"],
          ["Overdue", counts.overdue, counts.overdue ? "text-red-700" : "text-ink"],
          ["Extended", counts.extended, "text-ink"],
        ].map(([label, n, tone]) => (
          <div key={label as string} className="rounded-xl border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`}>{n}</dd>
          </div>
        ))}
      </dl>

      <div className="mt-6">
        <SlaChart months={sla} />
      </div>

      <section aria-labelledby="list" className="mt-8">
        <h2 id="list" className="sr-only">
          Requests
        </h2>
        <nav aria-label="Filter requests" className="flex flex-wrap gap-2">
          {FILTERS.map((f) => (
            <Link
              key={f.key}
              href={f.key === "open" ? base : `${base}?show=${f.key}`}
              aria-current={f.key === filter ? "page" : undefined}
              className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ${f.key === filter ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:ring-brand-600"}`}
            >
              {f.label}
              {countFor[f.key] !== undefined ? <span className="ml-1 tabular-nums">({countFor[f.key]})</span> : null}
            </Link>
          ))}
        </nav>
        {items.length === 0 ? (
          <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No requests here.</p>
        ) : (
          <div className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Request</th>
                  <th scope="col" className="px-4 py-2 font-medium">Requester</th>
                  <th scope="col" className="px-4 py-2 font-medium">Received</th>
                  <th scope="col" className="px-4 py-2 font-medium">Due</th>
                  <th scope="col" className="px-4 py-2 font-medium">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} className="border-t border-slate-100">
                    <td className="px-4 py-3">
                      <Link href={`${base}/${r.id}`} className="font-medium text-brand-700 hover:underline">
                        {REQUEST_TYPE_LABELS[r.type as TPrivacyRequestType].title}
                      </Link>
                    </td>
                    <td className="px-4 py-3 font-mono text-xs text-slate-700">{r.maskedIdentity}</td>
                    <td className="px-4 py-3 tabular-nums">{fmtDate(r.receivedAt)}</td>
                    <td className="px-4 py-3 tabular-nums">
                      {fmtDate(r.dueAt)}
                      {r.extended ? <span className="ml-1 text-xs text-slate-600">(extended)</span> : null}
                    </td>
                    <td className="px-4 py-3">
                      <span className="mr-2">{STATUS_LABELS[r.status]}</span>
                      <DeadlineBadge state={r.deadline} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
