import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { listHolds } from "@/lib/retention/holds";
import { HARD_DELETE_AFTER_DAYS, type TPurgeCounts } from "@/lib/retention/purge";
import { recentPurgeRuns, retentionView } from "@/lib/retention/settings";
import { LegalHolds } from "@/components/retention/legal-holds";
import { PurgeCounts } from "@/components/retention/purge-counts";
import { RetentionForm } from "@/components/retention/retention-form";

export const metadata: Metadata = { title: "Retention" };

const fmt = (d: Date) => d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export default async function RetentionPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const [rows, runs, holds] = await Promise.all([retentionView(tenant.id), recentPurgeRuns(tenant.id), listHolds(tenant.id)]);

  return (
    <>
      <h1 className="text-2xl font-semibold">Retention</h1>
      <p className="mt-1 max-w-3xl text-slate-600">
        How long {tenant.name} keeps each kind of data. Defaults follow Sotto&apos;s privacy policy; you may shorten the periods you control. When a
        period ends, data is hidden at once and deleted for good {HARD_DELETE_AFTER_DAYS} days later, attachments and search index included.
      </p>

      <section aria-labelledby="periods" className="mt-6">
        <h2 id="periods" className="sr-only">
          Periods
        </h2>
        <RetentionForm
          tenantId={tenant.id}
          rows={rows.map((r) => ({ id: r.id, label: r.label, months: r.months, defaultLabel: r.defaultLabel, configurable: r.configurable, minMonths: r.minMonths, maxMonths: r.maxMonths, purges: r.tables.length > 0, why: r.rule.why }))}
        />
      </section>

      <section aria-labelledby="holds" className="mt-10">
        <h2 id="holds" className="text-lg font-semibold">
          Legal holds
        </h2>
        <div className="mt-3">
          <LegalHolds
            tenantId={tenant.id}
            holds={holds.map((h) => ({
              id: h.id,
              target: (h.contactId ?? h.conversationId)!,
              targetKind: h.contactId ? "Contact" : "Conversation",
              reason: h.reason,
              by: h.createdByEmail ?? "unknown",
              since: fmt(h.createdAt),
              releasedAt: h.releasedAt ? fmt(h.releasedAt) : null,
            }))}
          />
        </div>
      </section>

      <section aria-labelledby="runs" className="mt-10">
        <h2 id="runs" className="text-lg font-semibold">
          Purge reports
        </h2>
        <p className="mt-1 text-sm text-slate-600">The purge runs every night. Each run&apos;s counts per category and its duration:</p>
        {runs.length ? (
          <ol className="mt-3 space-y-3">
            {runs.map((r) => (
              <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4">
                <p className="text-sm font-medium text-ink">
                  {fmt(r.startedAt)} · {r.durationMs !== null ? `${(r.durationMs / 1000).toFixed(1)} s` : "running"}
                  {r.error ? <span className="ml-2 text-red-700">failed: {r.error}</span> : null}
                </p>
                <div className="mt-2">
                  <PurgeCounts counts={r.counts as TPurgeCounts} />
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="mt-3 rounded-xl border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No purge has run yet.</p>
        )}
      </section>
    </>
  );
}
