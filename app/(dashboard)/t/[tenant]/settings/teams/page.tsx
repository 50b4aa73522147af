import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { listTeams } from "@/lib/inbox/teams";
import { loadInboxBootstrap } from "@/lib/inbox/bootstrap";
import { CreateTeamForm } from "@/components/inbox/settings/create-team-form";
import { TeamCard } from "@/components/inbox/settings/team-card";
import { InboxRoutingCard } from "@/components/inbox/settings/inbox-routing-card";
import { listInboxRouting } from "@/lib/inbox/inbox-routing-service";

export const metadata: Metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant } = await requireMember(slug, "admin");
  const [teams, { members }, inboxes] = await Promise.all([listTeams(tenant.id), loadInboxBootstrap(tenant.id), listInboxRouting(tenant.id)]);
  const eligible = members.filter((m) => m.role !== "analyst").map((m) => ({ id: m.id, name: m.name, email: m.email }));
  return (
    <>
      <h1 className="text-2xl font-semibold">Teams</h1>
      <p className="mt-1 text-slate-600">Teams route conversations: auto-assignment picks from the conversation&apos;s team, within its business hours. Changes are recorded in the audit log.</p>
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
        <CreateTeamForm tenantId={tenant.id} />
      </div>
      <div className="mt-6 space-y-6">
        {teams.map((t) => (
          <TeamCard key={`${t.id}:${t.name}:${t.members.length}`} tenantId={tenant.id} team={t} members={eligible} />
        ))}
        {!teams.length ? <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">No teams yet. Without a team, auto-assignment shares conversations among all agents.</p> : null}
      </div>
      <h2 className="mt-10 text-xl font-semibold">Inboxes</h2>
      <p className="mt-1 text-slate-600">Per connected channel: auto-assignment on or off, the team its new conversations go to, and its business hours.</p>
      <div className="mt-4 space-y-6">
        {inboxes.map((i) => (
          <InboxRoutingCard key={i.channelId} tenantId={tenant.id} inbox={i} teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
        ))}
        {!inboxes.length ? <p className="rounded-xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">No channels connected yet.</p> : null}
      </div>
    </>
  );
}
