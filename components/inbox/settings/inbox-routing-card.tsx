"use client";

import { useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { updateInboxRouting } from "@/lib/inbox/actions/update-inbox-routing";
import { DEFAULT_BUSINESS_HOURS } from "@/lib/inbox/business-hours";
import type { TInboxRoutingDto } from "@/lib/inbox/inbox-routing-service";
import { CardSaveBar } from "@/components/ui/form";
import { BusinessHoursEditor } from "./business-hours-editor";
import { CHANNEL_LABELS, ChannelIcon } from "../icons";

/**
 * One inbox's assignment settings: whether its conversations are auto-assigned,
 * the team they go to, and its business hours (used when the conversation's
 * team has none of its own; for a widget they are also the hours it shows).
 */
export function InboxRoutingCard({ tenantId, inbox, teams }: { tenantId: string; inbox: TInboxRoutingDto; teams: { id: string; name: string }[] }) {
  const [autoAssign, setAutoAssign] = useState(inbox.routing.autoAssign);
  const [teamId, setTeamId] = useState(inbox.routing.teamId ?? "");
  const [hours, setHours] = useState(inbox.businessHours ?? DEFAULT_BUSINESS_HOURS);
  const save = useAction(updateInboxRouting.bind(null, tenantId));
  const id = `inbox-${inbox.channelId}`;
  const error = save.result.serverError ?? (save.result.validationErrors ? "Check the business hours, then save again." : undefined);
  const missingTeam = teamId && !teams.some((t) => t.id === teamId);

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-xl border border-slate-200 bg-white">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.execute({ channelId: inbox.channelId, autoAssign, teamId: teamId && !missingTeam ? teamId : null, businessHours: hours });
        }}
      >
        <div className="flex items-center gap-3 border-b border-slate-100 px-6 py-4">
          <span className="flex size-9 items-center justify-center rounded-lg bg-slate-100 text-slate-600">
            <ChannelIcon type={inbox.type} />
          </span>
          <h3 id={`${id}-title`} className="flex-1 text-base font-semibold">
            {inbox.name} <span className="text-sm font-normal text-slate-500">· {CHANNEL_LABELS[inbox.type]}</span>
          </h3>
        </div>
        <div className="grid gap-8 px-6 py-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
          <div className="space-y-4">
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" checked={autoAssign} onChange={(e) => setAutoAssign(e.target.checked)} className="mt-0.5 size-4 accent-brand-600" />
              <span>
                <span className="font-medium">Auto-assign conversations from this inbox</span>
                <span className="block text-xs text-slate-500">Off: conversations still go to the team below but wait for someone to pick them up.</span>
              </span>
            </label>
            <div>
              <label htmlFor={`${id}-team`} className="block text-sm font-medium">
                Team
              </label>
              <select id={`${id}-team`} value={missingTeam ? "" : teamId} onChange={(e) => setTeamId(e.target.value)} className="mt-1 h-9 w-full rounded-lg border border-slate-300 px-2 text-sm">
                <option value="">No team: all agents share the conversations</option>
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <p className="mt-1 text-xs text-slate-500">New conversations join this team; its members, capacities and hours apply.</p>
            </div>
          </div>
          <div>
            <h4 className="text-sm font-semibold">Business hours</h4>
            <p className="mt-0.5 text-xs text-slate-500">Outside them new conversations are marked pending, left unassigned, and assigned when hours start. A team&apos;s own hours take precedence.</p>
            <div className="mt-3">
              <BusinessHoursEditor idPrefix={id} value={hours} onChange={setHours} />
            </div>
          </div>
        </div>
        <CardSaveBar error={error} saved={save.hasSucceeded} savedMessage="Inbox settings saved." pending={save.isPending} label="Save inbox" />
      </form>
    </section>
  );
}
