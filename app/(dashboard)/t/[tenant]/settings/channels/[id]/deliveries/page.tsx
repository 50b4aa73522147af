import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireMember } from "@/lib/auth/guard";
import { getChannel, listDeliveries, parseDeliveryFilters } from "@/lib/channels/queries";
import { deliveryOutcomeLabel } from "@/lib/channels/types";
import { OutcomeBadge } from "@/components/channels/badges";
import { inputClass } from "@/components/ui/form";

export const metadata: Metadata = { title: "Delivery log" };

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";

export default async function DeliveriesPage({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenant: slug, id } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const channel = await getChannel(tenant.id, id);
  if (!channel) notFound();
  const filters = parseDeliveryFilters(await searchParams);
  const { rows, nextBefore, outcomes } = await listDeliveries(tenant.id, id, filters);
  const base = `/t/${slug}/settings/channels/${id}/deliveries`;
  const keep = new URLSearchParams(Object.entries({ outcome: filters.outcome, show: filters.show, from: filters.from, to: filters.to }).filter(([, v]) => v) as [string, string][]);
  const nextHref = nextBefore ? `${base}?${new URLSearchParams([...keep, ["before", nextBefore]]).toString()}` : null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href={`/t/${slug}/settings/channels`} className="hover:underline">Channels</Link> <span aria-hidden="true">/</span>{" "}
        <Link href={`/t/${slug}/settings/channels/${id}`} className="hover:underline">{channel.name}</Link> <span aria-hidden="true">/</span> Delivery log
      </nav>
      <h1 className="mt-2 text-2xl font-semibold">Delivery log</h1>
      <p className="mt-1 text-slate-600">What happened to each delivery from the provider to {channel.name}: accepted, duplicates of earlier deliveries, and everything refused, with the reason.</p>

      <form method="get" className="mt-6 grid gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-[1fr_1fr_1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="f-outcome" className="block text-sm font-medium">Outcome</label>
          <select id="f-outcome" name="outcome" defaultValue={filters.outcome ?? ""} className={inputClass}>
            <option value="">Any</option>
            {outcomes.map((o) => (
              <option key={o} value={o}>{deliveryOutcomeLabel(o)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-show" className="block text-sm font-medium">Show</label>
          <select id="f-show" name="show" defaultValue={filters.show ?? "all"} className={inputClass}>
            <option value="all">Everything</option>
            <option value="failures">Problems only</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-from" className="block text-sm font-medium">From</label>
          <input id="f-from" name="from" type="date" defaultValue={filters.from} className={inputClass} />
        </div>
        <div>
          <label htmlFor="f-to" className="block text-sm font-medium">To</label>
          <input id="f-to" name="to" type="date" defaultValue={filters.to} className={inputClass} />
        </div>
        <div className="flex gap-2">
          <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">Filter</button>
          <Link href={base} className="rounded-lg border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50">Reset</Link>
        </div>
      </form>

      <div className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <caption className="sr-only">Deliveries, newest first</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Time</th>
              <th scope="col" className="px-4 py-2 font-medium">Outcome</th>
              <th scope="col" className="px-4 py-2 font-medium">HTTP</th>
              <th scope="col" className="px-4 py-2 font-medium">Detail</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {rows.length ? (
              rows.map((r) => (
                <tr key={r.id}>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-700">{when(r.createdAt)}</td>
                  <td className="px-4 py-2"><OutcomeBadge outcome={r.outcome} /></td>
                  <td className="px-4 py-2 font-mono text-xs">{r.httpStatus > 0 ? r.httpStatus : "—"}</td>
                  <td className="px-4 py-2 text-slate-700">
                    {r.detail ?? ""}
                    {r.eventKey ? <div className="font-mono text-xs text-slate-400">{r.eventKey}</div> : null}
                  </td>
                </tr>
              ))
            ) : (
              <tr>
                <td colSpan={4} className="px-4 py-8 text-center text-slate-500">No deliveries match.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {nextHref ? (
        <p className="mt-4">
          <Link href={nextHref} className="font-medium text-brand-700 hover:underline">Older deliveries →</Link>
        </p>
      ) : null}
    </>
  );
}
