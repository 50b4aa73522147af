"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { updateTeam } from "@/lib/inbox/actions/update-team";
import { deleteTeam } from "@/lib/inbox/actions/delete-team";
import { DEFAULT_BUSINESS_HOURS } from "@/lib/inbox/business-hours";
import type { TTeamDto } from "@/lib/inbox/teams";
import { CardSaveBar } from "@/components/ui/form";
import { BusinessHoursEditor } from "./business-hours-editor";
import { Avatar } from "../ui";
import { TrashIcon, UsersIcon } from "../icons";
import { personName } from "../format";

type TMemberOption = { id: string; name: string | null; email: string };

/** One team: name, members and their capacity, auto-assignment, business hours. Saved as a whole. */
export function TeamCard({ tenantId, team, members }: { tenantId: string; team: TTeamDto; members: TMemberOption[] }) {
  const [name, setName] = useState(team.name);
  const [autoAssign, setAutoAssign] = useState(team.settings.autoAssign);
  const [hours, setHours] = useState(team.settings.businessHours ?? DEFAULT_BUSINESS_HOURS);
  const [rows, setRows] = useState(team.members.map((m) => ({ userId: m.userId, capacity: m.capacity })));
  const [adding, setAdding] = useState("");
  const save = useAction(updateTeam.bind(null, tenantId));
  const remove = useAction(deleteTeam.bind(null, tenantId));
  const byId = new Map(members.map((m) => [m.id, m]));
  const load = new Map(team.members.map((m) => [m.userId, m.openConversations]));
  const candidates = members.filter((m) => !rows.some((r) => r.userId === m.id));
  const error = save.result.serverError ?? remove.result.serverError ?? (save.result.validationErrors ? "Check the times and capacities, then save again." : undefined);
  const id = `team-${team.id}`;

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-xl border border-slate-200 bg-white">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.execute({ teamId: team.id, name, autoAssign, businessHours: hours, members: rows });
        }}
      >
        <div className="flex items-center gap-3 border-b border-slate-100 px-6 py-4">
          <span className="flex size-9 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
            <UsersIcon />
          </span>
          <h2 id={`${id}-title`} className="sr-only">
            Team {team.name}
          </h2>
          <label htmlFor={`${id}-name`} className="sr-only">
            Team name
          </label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required className="h-9 flex-1 rounded-lg border border-transparent px-2 text-lg font-semibold hover:border-slate-200 focus:border-slate-300" />
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (confirm(`Delete the team “${team.name}”? Its conversations keep their assignees and lose the team.`)) remove.execute({ teamId: team.id });
            }}
            className="inline-flex items-center gap-1.5 rounded-lg border border-red-200 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
          >
            <TrashIcon /> Delete
          </button>
        </div>

        <div className="grid gap-8 px-6 py-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
          <div>
            <h3 className="text-sm font-semibold">Members</h3>
            <p className="mt-0.5 text-xs text-slate-500">Capacity is how many open conversations auto-assignment gives each person at most.</p>
            <table className="mt-3 w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th scope="col" className="pb-1.5 font-medium">
                    Member
                  </th>
                  <th scope="col" className="pb-1.5 font-medium">
                    Open now
                  </th>
                  <th scope="col" className="pb-1.5 font-medium">
                    Capacity
                  </th>
                  <th scope="col">
                    <span className="sr-only">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r, i) => {
                  const m = byId.get(r.userId);
                  const label = personName(m ?? { name: null, email: r.userId });
                  return (
                    <tr key={r.userId}>
                      <td className="py-2 pr-2">
                        <span className="flex items-center gap-2">
                          <Avatar id={r.userId} name={label} size="sm" />
                          <span className="min-w-0">
                            <span className="block truncate font-medium">{label}</span>
                            {m?.name ? <span className="block truncate text-xs text-slate-500">{m.email}</span> : null}
                          </span>
                        </span>
                      </td>
                      <td className="py-2 tabular-nums text-slate-600">{load.get(r.userId) ?? 0}</td>
                      <td className="py-2">
                        <label htmlFor={`${id}-cap-${r.userId}`} className="sr-only">
                          Capacity of {label}
                        </label>
                        <input
                          id={`${id}-cap-${r.userId}`}
                          type="number"
                          min={0}
                          max={200}
                          value={r.capacity}
                          onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, capacity: Math.max(0, Math.min(200, Number(e.target.value) || 0)) } : x)))}
                          className="h-8 w-20 rounded-md border border-slate-300 px-2 tabular-nums"
                        />
                      </td>
                      <td className="py-2 text-right">
                        <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))} className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-red-600" aria-label={`Remove ${label} from ${team.name}`}>
                          <TrashIcon />
                        </button>
                      </td>
                    </tr>
                  );
                })}
                {!rows.length ? (
                  <tr>
                    <td colSpan={4} className="py-3 text-slate-500">
                      No members yet.
                    </td>
                  </tr>
                ) : null}
              </tbody>
            </table>
            {candidates.length ? (
              <div className="mt-3 flex gap-2">
                <label htmlFor={`${id}-add`} className="sr-only">
                  Add a member
                </label>
                <select id={`${id}-add`} value={adding} onChange={(e) => setAdding(e.target.value)} className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-2 text-sm">
                  <option value="">Add a member…</option>
                  {candidates.map((m) => (
                    <option key={m.id} value={m.id}>
                      {personName(m)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  disabled={!adding}
                  onClick={() => {
                    setRows([...rows, { userId: adding, capacity: 10 }]);
                    setAdding("");
                  }}
                  className="h-8 rounded-md border border-slate-300 px-3 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
                >
                  Add
                </button>
              </div>
            ) : null}
            <label className="mt-5 flex items-start gap-2 text-sm">
              <input type="checkbox" checked={autoAssign} onChange={(e) => setAutoAssign(e.target.checked)} className="mt-0.5 size-4 accent-brand-600" />
              <span>
                <span className="font-medium">Auto-assign new conversations</span>
                <span className="block text-xs text-slate-500">Round robin: the member with the fewest open conversations below capacity; ties go to whoever waited longest.</span>
              </span>
            </label>
          </div>
          <div>
            <h3 className="text-sm font-semibold">Business hours</h3>
            <p className="mt-0.5 text-xs text-slate-500">Outside these hours new conversations stay unassigned and are marked pending; they are assigned when hours start.</p>
            <div className="mt-3">
              <BusinessHoursEditor idPrefix={id} value={hours} onChange={setHours} />
            </div>
          </div>
        </div>
        <CardSaveBar error={error} saved={save.hasSucceeded} savedMessage="Team saved." pending={save.isPending} label="Save team" />
      </form>
    </section>
  );
}
