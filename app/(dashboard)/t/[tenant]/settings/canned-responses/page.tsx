import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { hasRole } from "@/lib/auth/roles";
import { listCannedResponses } from "@/lib/inbox/canned-responses";
import { CannedResponseRow, CreateCannedResponseForm } from "@/components/inbox/settings/canned-responses-settings";

export const metadata: Metadata = { title: "Canned responses" };

export default async function CannedResponsesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant, role } = await requireMember(slug, "agent");
  const items = await listCannedResponses(tenant.id);
  const canManage = hasRole(role, "admin");
  return (
    <>
      <h1 className="text-2xl font-semibold">Canned responses</h1>
      <p className="mt-1 text-slate-600">
        Type <code className="rounded bg-slate-100 px-1 font-mono">/</code> in the composer to insert one. Variables are filled from the conversation when inserted.
        {canManage ? " Changes are recorded in the audit log." : " Admins manage this list."}
      </p>
      {canManage ? (
        <section aria-labelledby="new-canned-title" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="new-canned-title" className="mb-4 text-lg font-semibold">
            Add a canned response
          </h2>
          <CreateCannedResponseForm tenantId={tenant.id} />
        </section>
      ) : null}
      <h2 className="mt-8 text-lg font-semibold">
        {items.length} response{items.length === 1 ? "" : "s"}
      </h2>
      <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {items.map((i) => (
          <CannedResponseRow key={`${i.id}:${i.updatedAt}`} tenantId={tenant.id} item={i} canManage={canManage} />
        ))}
        {!items.length ? <li className="px-5 py-6 text-center text-sm text-slate-500">No canned responses yet.</li> : null}
      </ul>
    </>
  );
}
