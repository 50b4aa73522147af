import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { recordsOfProcessing } from "@/lib/privacy/processing";

export const metadata: Metadata = { title: "Records of processing" };

export default async function ProcessingRecordsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const { activities, recipients } = await recordsOfProcessing(tenant.id);
  const base = `/t/${encodeURIComponent(tenant.slug)}/privacy/processing/export`;
  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Records of processing</h1>
          <p className="mt-1 max-w-3xl text-slate-600">
            {tenant.name}&apos;s record of processing activities (GDPR Art. 30) for what it does in Sotto, generated from its connected channels,
            the integrations this installation uses, its consent manager&apos;s vendors, retention settings and Sotto&apos;s{" "}
            <Link href="/legal/subprocessors" className="font-medium text-brand-700 underline-offset-2 hover:underline">
              sub-processors
            </Link>
            . It changes when the configuration does.
          </p>
        </div>
        <div className="flex gap-2">
          <a href={`${base}?format=csv`} download className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:border-brand-600 hover:text-brand-700">
            Export CSV
          </a>
          <a href={`${base}?format=json`} download className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:border-brand-600 hover:text-brand-700">
            Export JSON
          </a>
        </div>
      </div>
      <div className="mt-6 space-y-4">
        {activities.map((a) => (
          <article key={a.id} aria-labelledby={`act-${a.id}`} className="rounded-xl border border-slate-200 bg-white p-5">
            <h2 id={`act-${a.id}`} className="text-lg font-semibold text-ink">
              {a.name}
            </h2>
            <p className="mt-1 text-slate-700">{a.purpose}</p>
            <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-slate-600">Legal basis</dt>
                <dd className="text-ink">{a.legalBasis}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Controller / processor</dt>
                <dd className="text-ink">
                  {a.controller} / {a.processor}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Data subjects</dt>
                <dd className="text-ink">{a.dataSubjects}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Retention</dt>
                <dd className="text-ink">{a.retention}</dd>
              </div>
              <div className="sm:col-span-2">
                <dt className="text-slate-600">Data categories</dt>
                <dd className="text-ink">{a.dataCategories.join(" · ")}</dd>
              </div>
            </dl>
            <table className="mt-4 w-full text-left text-sm">
              <caption className="mb-1 text-left text-slate-600">Recipients</caption>
              <thead className="text-slate-600">
                <tr className="border-b border-slate-200">
                  <th scope="col" className="py-1 pr-3 font-medium">Recipient</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Role</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Region</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Transfer mechanism</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Receives</th>
                  <th scope="col" className="py-1 font-medium">Keeps it</th>
                </tr>
              </thead>
              <tbody>
                {a.recipients.map((r) => (
                  <tr key={r.name + r.role} className="border-b border-slate-100 last:border-0">
                    <td className="py-1.5 pr-3">{r.name}</td>
                    <td className="py-1.5 pr-3">{r.role}</td>
                    <td className="py-1.5 pr-3">{r.region}</td>
                    <td className="py-1.5 pr-3">{r.transferMechanism}</td>
                    <td className="py-1.5 pr-3">{r.dataCategories.join(" · ")}</td>
                    <td className="py-1.5">{r.retention}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </div>
      <section aria-labelledby="all-recipients" className="mt-8">
        <h2 id="all-recipients" className="text-lg font-semibold text-ink">
          All recipients
        </h2>
        <div className="mt-2 overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="recipients">
            <thead className="text-slate-600">
              <tr className="border-b border-slate-200">
                <th scope="col" className="px-3 py-2 font-medium">Recipient</th>
                <th scope="col" className="px-3 py-2 font-medium">Role</th>
                <th scope="col" className="px-3 py-2 font-medium">Region and transfer</th>
                <th scope="col" className="px-3 py-2 font-medium">Activities</th>
              </tr>
            </thead>
            <tbody>
              {recipients.map((r) => (
                <tr key={r.name + r.role} className="border-b border-slate-100 last:border-0">
                  <td className="px-3 py-2">{r.name}</td>
                  <td className="px-3 py-2">{r.role}</td>
                  <td className="px-3 py-2">
                    {r.region}; {r.transferMechanism}
                  </td>
                  <td className="px-3 py-2">{r.activities.join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
