import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { listLabels } from "@/lib/inbox/labels";
import { CreateLabelForm, LabelRow } from "@/components/inbox/settings/labels-settings";

export const metadata: Metadata = { title: "Labels" };

export default async function LabelsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const labels = await listLabels(tenant.id);
  return (
    <>
      <h1 className="text-2xl font-semibold">Labels</h1>
      <p className="mt-1 text-slate-600">Agents apply labels to conversations and can create new ones from the inbox. Creating and deleting labels is recorded in the audit log.</p>
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
        <CreateLabelForm tenantId={tenant.id} />
      </div>
      <h2 className="mt-8 text-lg font-semibold">
        {labels.length} label{labels.length === 1 ? "" : "s"}
      </h2>
      <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {labels.map((l) => (
          <LabelRow key={l.id} tenantId={tenant.id} label={l} />
        ))}
        {!labels.length ? <li className="px-4 py-6 text-center text-sm text-slate-500">No labels yet.</li> : null}
      </ul>
    </>
  );
}
