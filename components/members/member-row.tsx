"use client";

import { useAction } from "next-safe-action/hooks";
import { changeMemberRole } from "@/lib/members/actions/change-member-role";
import { removeMember } from "@/lib/members/actions/remove-member";
import { ROLE_LABELS, type TRole } from "@/lib/auth/roles";

type TMember = { id: string; email: string; name: string | null; role: TRole };

export function MemberRow({ tenantId, member, isSelf, editableRoles }: { tenantId: string; member: TMember; isSelf: boolean; editableRoles: TRole[] }) {
  const change = useAction(changeMemberRole.bind(null, tenantId));
  const remove = useAction(removeMember.bind(null, tenantId));
  const error = change.result.serverError ?? remove.result.serverError;
  const selectId = `role-${member.id}`;
  return (
    <tr>
      <td className="px-4 py-3">
        <span className="font-medium">{member.name ?? member.email}</span>
        {member.name ? <span className="block text-slate-500">{member.email}</span> : null}
        {isSelf ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">you</span> : null}
        {error ? (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </td>
      <td className="px-4 py-3">
        {editableRoles.length > 0 ? (
          <>
            <label htmlFor={selectId} className="sr-only">Role of {member.email}</label>
            <select
              id={selectId}
              defaultValue={member.role}
              disabled={change.isPending}
              onChange={(e) => change.execute({ membershipId: member.id, role: e.target.value as TRole })}
              className="rounded-md border border-slate-300 px-2 py-1"
            >
              {editableRoles.map((r) => (
                <option key={r} value={r}>{ROLE_LABELS[r]}</option>
              ))}
            </select>
          </>
        ) : (
          ROLE_LABELS[member.role]
        )}
      </td>
      <td className="px-4 py-3 text-right">
        {editableRoles.length > 0 || isSelf ? (
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (confirm(isSelf ? "Leave this workspace?" : `Remove ${member.email} from this workspace?`)) remove.execute({ membershipId: member.id });
            }}
            className="rounded-md border border-red-200 px-3 py-1 text-red-700 hover:bg-red-50"
          >
            {isSelf ? "Leave" : "Remove"}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
