"use client";

import clsx from "clsx";
import { splitHighlight } from "@/lib/inbox/highlight";
import type { TConversationSummary } from "@/lib/inbox/types";
import { CHANNEL_LABELS, ChannelIcon, FlagIcon, MoonIcon } from "./icons";
import { contactName, formatDateTime, formatUntil, personName, shortTimeAgo } from "./format";
import { Avatar, LabelChip } from "./ui";
import { useInbox } from "./inbox-context";

export const PRIORITY_STYLES = {
  none: { label: "No priority", className: "text-slate-400" },
  low: { label: "Low", className: "text-slate-500" },
  medium: { label: "Medium", className: "text-amber-600" },
  high: { label: "High", className: "text-orange-600" },
  urgent: { label: "Urgent", className: "text-red-600" },
} as const;

export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {splitHighlight(text).map((p, i) =>
        p.match ? (
          <mark key={i} className="rounded-sm bg-amber-100 px-0.5 text-slate-900">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function ConversationListItem({ conversation: c, selected, onSelect }: { conversation: TConversationSummary; selected: boolean; onSelect: () => void }) {
  const { me } = useInbox();
  const unread = c.unreadCount > 0;
  const name = contactName(c.contact);
  return (
    <li data-conversation-id={c.id} className="relative">
      <button
        type="button"
        onClick={onSelect}
        aria-current={selected ? "true" : undefined}
        className={clsx(
          "flex w-full gap-3 px-4 py-3 text-left outline-offset-[-2px] transition-colors",
          selected ? "bg-brand-50/80" : "hover:bg-slate-50",
        )}
      >
        {selected ? <span aria-hidden="true" className="absolute inset-y-0 left-0 w-0.5 bg-brand-600" /> : null}
        <span className="relative mt-0.5">
          <Avatar id={c.contact.id} name={name} />
          <span className="absolute -bottom-1 -right-1 flex size-4.5 items-center justify-center rounded-full bg-white text-slate-500 ring-1 ring-slate-200" title={CHANNEL_LABELS[c.channel.type]}>
            <ChannelIcon type={c.channel.type} className="size-3" />
          </span>
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline gap-2">
            <span className={clsx("min-w-0 flex-1 truncate text-sm", unread ? "font-semibold text-slate-900" : "font-medium text-slate-800")} dir="auto">
              {name}
            </span>
            <time dateTime={c.lastActivityAt} title={formatDateTime(c.lastActivityAt)} className={clsx("shrink-0 text-xs tabular-nums", unread ? "font-medium text-brand-700" : "text-slate-500")} suppressHydrationWarning>
              {shortTimeAgo(c.lastActivityAt)}
            </time>
          </span>
          <span className="sr-only">
            {`, ${CHANNEL_LABELS[c.channel.type]}`}
            {unread ? `, ${c.unreadCount} unread` : ""}
          </span>
          {c.subject ? (
            <span className="mt-0.5 block truncate text-xs font-medium text-slate-700" dir="auto">
              {c.subject}
            </span>
          ) : null}
          <span className={clsx("mt-0.5 line-clamp-2 break-words text-[13px] leading-snug", unread ? "text-slate-800" : "text-slate-500")} dir="auto">
            {c.highlight ? <Highlighted text={c.highlight.text} /> : c.lastMessagePreview || "No messages yet"}
          </span>
          <span className="mt-1.5 flex min-w-0 items-center gap-1.5">
            {c.priority !== "none" ? (
              <span className={clsx("inline-flex items-center gap-0.5 text-[11px] font-medium", PRIORITY_STYLES[c.priority].className)}>
                <FlagIcon className="size-3" />
                {PRIORITY_STYLES[c.priority].label}
              </span>
            ) : null}
            {c.status === "snoozed" && c.snoozedUntil ? (
              <span className="inline-flex items-center gap-0.5 text-[11px] text-violet-700">
                <MoonIcon className="size-3" />
                Until {formatUntil(c.snoozedUntil)}
              </span>
            ) : null}
            {c.labels.slice(0, 2).map((l) => (
              <LabelChip key={l.id} name={l.name} color={l.color} />
            ))}
            {c.labels.length > 2 ? <span className="text-[11px] text-slate-500">+{c.labels.length - 2}</span> : null}
            <span className="ml-auto flex shrink-0 items-center gap-1.5">
              {c.assignee ? (
                <span title={`Assigned to ${c.assignee.id === me.id ? "you" : personName(c.assignee)}`} className="flex items-center">
                  <Avatar id={c.assignee.id} name={personName(c.assignee)} size="xs" />
                  <span className="sr-only">{`, assigned to ${c.assignee.id === me.id ? "you" : personName(c.assignee)}`}</span>
                </span>
              ) : null}
              {unread ? (
                <span aria-hidden="true" className="min-w-4.5 rounded-full bg-brand-600 px-1 text-center text-[10px] font-semibold leading-4.5 text-white">
                  {c.unreadCount}
                </span>
              ) : null}
            </span>
          </span>
        </span>
      </button>
    </li>
  );
}
