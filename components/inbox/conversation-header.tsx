"use client";

import { forwardRef } from "react";
import clsx from "clsx";
import type { TConversationSummary, TPriority } from "@/lib/inbox/types";
import { useInbox } from "./inbox-context";
import { AssignMenu } from "./assign-menu";
import { LabelsMenu } from "./labels-menu";
import { SnoozeMenu } from "./snooze-menu";
import { PRIORITY_STYLES } from "./conversation-list-item";
import { CHANNEL_LABELS, ChannelIcon, CircleCheckIcon, FlagIcon, PanelRightIcon, RotateIcon, ShieldIcon } from "./icons";
import { Avatar, LabelChip, MenuItem, MenuList, Popover, Spinner, toolbarButton } from "./ui";
import { contactName, formatUntil } from "./format";
import type { TConversationActions } from "./use-conversation-actions";

export const STATUS_PILL = {
  open: { label: "Open", className: "bg-emerald-50 text-emerald-700 ring-emerald-600/20" },
  pending: { label: "Pending", className: "bg-amber-50 text-amber-800 ring-amber-600/20" },
  snoozed: { label: "Snoozed", className: "bg-violet-50 text-violet-700 ring-violet-600/20" },
  resolved: { label: "Resolved", className: "bg-slate-100 text-slate-700 ring-slate-500/20" },
} as const;

export function StatusPill({ status, snoozedUntil }: { status: keyof typeof STATUS_PILL; snoozedUntil?: string | null }) {
  const s = STATUS_PILL[status];
  return (
    <span className={clsx("inline-flex shrink-0 items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", s.className)}>
      {s.label}
      {status === "snoozed" && snoozedUntil ? ` until ${formatUntil(snoozedUntil)}` : ""}
    </span>
  );
}

const PRIORITIES: TPriority[] = ["urgent", "high", "medium", "low", "none"];

type TProps = {
  summary: TConversationSummary;
  actions: TConversationActions;
  snoozeOpen: boolean;
  onSnoozeOpenChange: (v: boolean) => void;
};

export const ConversationHeader = forwardRef<HTMLHeadingElement, TProps>(function ConversationHeader({ summary, actions, snoozeOpen, onSnoozeOpenChange }, headingRef) {
  const { canAct, contactPanelOpen, setContactPanelOpen } = useInbox();
  const name = contactName(summary.contact);
  const resolved = summary.status === "resolved";
  const busy = actions.busy;
  return (
    <header className="border-b border-slate-200 bg-white px-5 pb-2.5 pt-3">
      <div className="flex items-center gap-3">
        <Avatar id={summary.contact.id} name={name} />
        <div className="min-w-0 flex-1">
          <h2 ref={headingRef} tabIndex={-1} className="truncate text-base font-semibold text-slate-900 outline-none focus-visible:underline" dir="auto">
            {name}
          </h2>
          <p className="mt-0.5 flex min-w-0 items-center gap-1.5 text-xs text-slate-500">
            <StatusPill status={summary.status} snoozedUntil={summary.snoozedUntil} />
            <ChannelIcon type={summary.channel.type} className="size-3.5 shrink-0" />
            <span className="truncate">{summary.channel.name || CHANNEL_LABELS[summary.channel.type]}</span>
            {summary.channel.sandbox ? <span className="shrink-0 rounded bg-amber-100 px-1 text-[10px] font-semibold uppercase tracking-wide text-amber-800">Sandbox</span> : null}
            {summary.subject ? (
              <>
                <span aria-hidden="true">·</span>
                <span className="truncate" dir="auto">
                  {summary.subject}
                </span>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          {canAct ? (
            resolved ? (
              <button type="button" onClick={() => void actions.reopen()} disabled={!!busy} className={toolbarButton}>
                {busy === "reopen" ? <Spinner className="size-3.5" /> : <RotateIcon className="text-slate-500" />}
                Reopen
              </button>
            ) : (
              <button
                type="button"
                onClick={() => void actions.resolve()}
                disabled={!!busy}
                className="inline-flex h-8 items-center gap-1.5 rounded-md bg-brand-600 px-3 text-sm font-medium text-white shadow-xs hover:bg-brand-700 disabled:opacity-60"
              >
                {busy === "resolve" ? <Spinner className="size-3.5" /> : <CircleCheckIcon />}
                Resolve
              </button>
            )
          ) : (
            <span className="inline-flex h-8 items-center gap-1.5 rounded-md bg-slate-100 px-2.5 text-xs font-medium text-slate-600">
              <ShieldIcon className="size-3.5" /> Read only
            </span>
          )}
          <button
            type="button"
            aria-pressed={contactPanelOpen}
            aria-controls="conversation-details"
            onClick={() => setContactPanelOpen(!contactPanelOpen)}
            className={clsx(toolbarButton, "px-2", contactPanelOpen && "border-brand-500 bg-brand-50 text-brand-700")}
            title="Contact and conversation details"
          >
            <PanelRightIcon />
            <span className="sr-only">Details</span>
          </button>
        </div>
      </div>

      <div className="mt-2.5 flex flex-wrap items-center gap-1.5 pl-12">
        {canAct ? (
          <div className="flex flex-wrap items-center gap-1.5" role="toolbar" aria-label="Conversation actions">
            <AssignMenu summary={summary} onAssign={(id) => void actions.assign(id)} disabled={!!busy} />
            <LabelsMenu summary={summary} onChange={(ids) => void actions.setLabels(ids)} disabled={!!busy} />
            <Popover
              label="Priority"
              role="menu"
              disabled={!!busy}
              trigger={() => (
                <>
                  <FlagIcon className={PRIORITY_STYLES[summary.priority].className} />
                  <span className="sr-only">Priority: </span>
                  <span>{summary.priority === "none" ? "Priority" : PRIORITY_STYLES[summary.priority].label}</span>
                </>
              )}
            >
              {(close) => (
                <MenuList label="Priority">
                  {PRIORITIES.map((p) => (
                    <MenuItem
                      key={p}
                      checked={summary.priority === p}
                      onSelect={() => {
                        void actions.setPriority(p);
                        close();
                      }}
                    >
                      <FlagIcon className={PRIORITY_STYLES[p].className} /> {PRIORITY_STYLES[p].label}
                    </MenuItem>
                  ))}
                </MenuList>
              )}
            </Popover>
            {!resolved ? <SnoozeMenu onSnooze={(d) => void actions.snooze(d)} open={snoozeOpen} onOpenChange={onSnoozeOpenChange} disabled={!!busy} /> : null}
          </div>
        ) : null}
        {summary.labels.length ? (
          <ul aria-label="Labels" className="flex flex-wrap gap-1">
            {summary.labels.map((l) => (
              <li key={l.id}>
                <LabelChip name={l.name} color={l.color} />
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {actions.error ? (
        <div role="alert" className="mt-2 flex items-start justify-between gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <span>{actions.error}</span>
          <button type="button" onClick={actions.clearError} className="shrink-0 text-xs font-medium underline">
            Dismiss
          </button>
        </div>
      ) : null}
    </header>
  );
});
