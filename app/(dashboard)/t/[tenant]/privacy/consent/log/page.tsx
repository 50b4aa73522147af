import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { hasRole } from "@/lib/auth/roles";
import { withTenant } from "@/lib/db/client";
import { consentLogQuery, parseConsentLogFilters, queryConsentLog } from "@/lib/consent/query";
import { verifyConsentChain } from "@/lib/consent/verify";
import { ConsentChainStatus } from "@/components/consent/consent-chain-status";
import { ConsentLogFilters } from "@/components/consent/consent-log-filters";
import { ConsentLogTable } from "@/components/consent/consent-log-table";
import { ConsentSubnav } from "@/components/consent/consent-subnav";
import { DeliveriesTable } from "@/components/consent/deliveries-table";

export const metadata: Metadata = { title: "Consent log" };

type TProps = { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ConsentLogPage({ params, searchParams }: TProps) {
  const { tenant: slug } = await params;
  const { tenant, role } = await requireMember(slug, "analyst");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const { filters, invalid } = parseConsentLogFilters(raw);
  const [page, chain, deliveries] = await Promise.all([
    withTenant(tenant.id, (tx) => queryConsentLog(tx, tenant.id, filters)),
    verifyConsentChain(tenant.id),
    withTenant(tenant.id, (tx) => tx.consentWebhookDelivery.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: "desc" }, take: 20 })),
  ]);
  const base = `/t/${encodeURIComponent(tenant.slug)}/privacy/consent/log`;
  const exportQuery = consentLogQuery(filters, { before: null });
  const older = page.nextBefore ? consentLogQuery(filters, { before: page.nextBefore }) : null;

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Consent log</h1>
          <p className="mt-1 text-slate-600">Proof of every choice made in {tenant.name}&rsquo;s banner. Records are append-only and hash-chained; no IP address is stored.</p>
        </div>
        <a href={`${base}/export${exportQuery ? `?${exportQuery}` : ""}`} download className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:border-brand-600 hover:text-brand-700">
          Export CSV
        </a>
      </div>
      <ConsentSubnav slug={tenant.slug} current="log" isAdmin={hasRole(role, "admin")} />

      <div className="mt-6">
        <ConsentChainStatus result={chain} />
      </div>
      {invalid.length ? (
        <p role="alert" className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Some filters were not valid and were ignored: {invalid.join(", ")}.
        </p>
      ) : null}
      <div className="mt-6">
        <ConsentLogFilters action={base} values={filters} />
      </div>
      <section aria-labelledby="consent-records" className="mt-6">
        <h2 id="consent-records" className="sr-only">Records</h2>
        <ConsentLogTable rows={page.rows} />
        <nav aria-label="Consent log pages" className="mt-4 flex justify-between text-sm">
          {filters.before ? (
            <Link href={consentLogQuery(filters, { before: null }) ? `${base}?${consentLogQuery(filters, { before: null })}` : base} className="font-medium text-brand-600 hover:text-brand-700">
              ← Newest records
            </Link>
          ) : (
            <span />
          )}
          {older ? (
            <Link href={`${base}?${older}`} className="font-medium text-brand-600 hover:text-brand-700">
              Older records →
            </Link>
          ) : null}
        </nav>
      </section>
      <section aria-labelledby="consent-deliveries" className="mt-10">
        <h2 id="consent-deliveries" className="mb-3 text-lg font-semibold">Withdrawals sent to vendors</h2>
        <DeliveriesTable rows={deliveries} />
      </section>
    </>
  );
}
