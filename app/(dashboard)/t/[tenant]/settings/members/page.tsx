import type { Metadata } from "next";
import { requireMember } from "@/lib/auth/guard";
import { assignableRoles, hasRole, ROLE_LABELS } from "@/lib/auth/roles";
import { listMembersAndInvitations } from "@/lib/members/memberships";
import { InviteMemberForm } from "@/components/members/invite-member-form";
import { MemberRow } from "@/components/members/member-row";
import { RevokeInvitationButton } from "@/components/members/revoke-invitation-button";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant, role, user } = await requireMember(slug);
  const { members, invitations } = await listMembersAndInvitations(tenant.id);
  const canManage = hasRole(role, "admin");
  const assignable = assignableRoles(role);
  return (
    <>
      <h1 className="text-2xl font-semibold">Members</h1>
      <p className="mt-1 text-slate-600">
        Owners manage everything; admins manage agents and analysts; agents answer conversations; analysts read reports.
      </p>
      {canManage ? (
        <section aria-labelledby="invite" className="mt-6 rounded-xl border border-slate-200 bg-white p-6">
          <h2 id="invite" className="text-lg font-semibold">Invite a member</h2>
          <InviteMemberForm tenantId={tenant.id} roles={assignable} />
        </section>
      ) : null}
      <section aria-labelledby="members" className="mt-6">
        <h2 id="members" className="text-lg font-semibold">{members.length} member{members.length === 1 ? "" : "s"}</h2>
        <table className="mt-3 w-full overflow-hidden rounded-xl border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-2">Member</th>
              <th scope="col" className="px-4 py-2">Role</th>
              <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {members.map((m) => (
              <MemberRow
                key={m.id}
                tenantId={tenant.id}
                member={{ id: m.id, email: m.user.email, name: m.user.name, role: m.role }}
                isSelf={m.userId === user.id}
                editableRoles={canManage && assignable.includes(m.role) ? assignable : []}
              />
            ))}
          </tbody>
        </table>
      </section>
      {invitations.length > 0 ? (
        <section aria-labelledby="pending" className="mt-6">
          <h2 id="pending" className="text-lg font-semibold">Pending invitations</h2>
          <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex items-center justify-between px-4 py-3">
                <span>
                  {i.email} · {ROLE_LABELS[i.role]} · expires {i.expiresAt.toISOString().slice(0, 10)}
                </span>
                {canManage ? <RevokeInvitationButton tenantId={tenant.id} invitationId={i.id} email={i.email} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
