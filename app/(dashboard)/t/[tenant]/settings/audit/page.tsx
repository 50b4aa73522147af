import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { auditSearchParams, firstValues, listAuditEvents, parseAuditFilters } from "@/lib/audit/query";
import { verifyAuditChain } from "@/lib/audit/verify";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditLogTable } from "@/components/audit/audit-log-table";
import { ChainStatus } from "@/components/audit/chain-status";

export const metadata: Metadata = { title: "Audit log" };

type TProps = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function AuditLogPage({ params, searchParams }: TProps) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const { filters, invalid } = parseAuditFilters(firstValues(await searchParams));
  const [page, chain] = await Promise.all([listAuditEvents(tenant.id, filters), verifyAuditChain(tenant.id)]);

  const base = `/t/${encodeURIComponent(tenant.slug)}/settings/audit`;
  const exportQuery = auditSearchParams(filters, { cursor: null, pageSize: null });
  const olderQuery = page.nextCursor ? auditSearchParams(filters, { cursor: page.nextCursor }) : null;
  const newestQuery = filters.cursor ? auditSearchParams(filters, { cursor: null }) : null;

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 text-slate-600">
            Every security-relevant action in {tenant.name}. Events are append-only and hash-chained, so edits and deletions are detectable.
          </p>
        </div>
        <a
          href={`${base}/export${exportQuery ? `?${exportQuery}` : ""}`}
          className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:border-brand-600 hover:text-brand-700"
          download
        >
          Export CSV
        </a>
      </div>

      <div className="mt-6">
        <ChainStatus result={chain} />
      </div>

      {invalid.length > 0 ? (
        <p role="alert" className="mt-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Some filters were not valid and were ignored: {invalid.join(", ")}.
        </p>
      ) : null}

      <div className="mt-6">
        <AuditFilters action={base} values={filters} invalid={invalid} />
      </div>

      <section aria-labelledby="audit-events" className="mt-6">
        <h2 id="audit-events" className="sr-only">Events</h2>
        <AuditLogTable events={page.events} />
        <nav aria-label="Audit log pages" className="mt-4 flex items-center justify-between text-sm">
          {newestQuery !== null ? (
            <Link href={newestQuery ? `${base}?${newestQuery}` : base} className="font-medium text-brand-600 hover:text-brand-700">
              ← Newest events
            </Link>
          ) : (
            <span />
          )}
          {olderQuery ? (
            <Link href={`${base}?${olderQuery}`} className="font-medium text-brand-600 hover:text-brand-700">
              Older events →
            </Link>
          ) : null}
        </nav>
      </section>
    </>
  );
}
