import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/guard";
import { hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { workspaceOverview } from "@/lib/tenants/overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant, role } = await requireMember(slug);
  const o = await workspaceOverview(tenant.id, { withAudit: hasRole(role, "admin") });
  return (
    <>
      <h1 className="text-2xl font-semibold">{tenant.name}</h1>
      <p className="mt-1 text-slate-600">You are {ROLE_LABELS[role].toLowerCase()} of this workspace.</p>
      <dl className="mt-6 grid gap-4 sm:grid-cols-3">
        <Stat label="Members" value={o.members} href={`/t/${slug}/settings/members`} />
        <Stat label="Pending invitations" value={o.pendingInvitations} href={`/t/${slug}/settings/members`} />
        <Stat label="Audit events" value={o.auditEvents} href={hasRole(role, "admin") ? `/t/${slug}/settings/audit` : undefined} />
      </dl>
      {o.recentAudit ? (
        <section className="mt-8" aria-labelledby="recent">
          <h2 id="recent" className="text-lg font-semibold">
            Recent activity
          </h2>
          <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {o.recentAudit.map((e) => (
              <li key={e.id} className="flex justify-between gap-4 px-4 py-3 text-sm">
                <span>
                  <span className="font-medium">{e.action}</span> <span className="text-slate-600">by {e.actorEmail ?? "system"}</span>
                </span>
                <time dateTime={e.createdAt.toISOString()} className="text-slate-500">
                  {e.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
                </time>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function Stat({ label, value, href }: { label: string; value: number; href?: string }) {
  const body = (
    <>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold">{value}</dd>
    </>
  );
  return href ? (
    <Link href={href} className="rounded-xl border border-slate-200 bg-white p-4 hover:border-brand-500">
      {body}
    </Link>
  ) : (
    <div className="rounded-xl border border-slate-200 bg-white p-4">{body}</div>
  );
}
