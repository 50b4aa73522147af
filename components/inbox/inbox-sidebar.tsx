"use client";

import type { ReactNode } from "react";
import clsx from "clsx";
import { useQuery } from "@tanstack/react-query";
import { DEFAULT_FILTERS, type TInboxFilters, type TStatusFilter } from "@/lib/inbox/filters";
import { useInbox } from "./inbox-context";
import { useInboxUrl } from "./use-inbox-url";
import { inboxKeys, type TFolder } from "./query-keys";
import { CHANNEL_LABELS, ChannelIcon, CircleCheckIcon, ClockIcon, InboxIcon, KeyboardIcon, MoonIcon, UserIcon, UserQuestionIcon, UsersIcon, WifiOffIcon } from "./icons";
import { LabelDot } from "./ui";
import type { TLiveStatus } from "./use-inbox-events";
import { MentionsMenu } from "./mentions-menu";

export function folderOf(f: TInboxFilters): TFolder | null {
  if (f.assignee === "me") return "mine";
  if (f.assignee === "unassigned") return "unassigned";
  if (f.assignee === null) return "all";
  return null;
}

const STATUS_ITEMS: { status: TStatusFilter; label: string; icon: ReactNode }[] = [
  { status: "open", label: "Open", icon: <InboxIcon /> },
  { status: "pending", label: "Pending", icon: <ClockIcon /> },
  { status: "snoozed", label: "Snoozed", icon: <MoonIcon /> },
  { status: "resolved", label: "Resolved", icon: <CircleCheckIcon /> },
  { status: "all", label: "All statuses", icon: null },
];

function SidebarItem({
  active,
  onClick,
  icon,
  label,
  count,
  unread,
}: {
  active: boolean;
  onClick: () => void;
  icon?: ReactNode;
  label: string;
  count?: number | null;
  unread?: number;
}) {
  return (
    <li>
      <button
        type="button"
        aria-pressed={active}
        onClick={onClick}
        className={clsx(
          "group flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm",
          active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
        )}
      >
        {icon ? <span className={clsx("shrink-0", active ? "text-brand-600" : "text-slate-400")}>{icon}</span> : null}
        <span className="min-w-0 flex-1 truncate">{label}</span>
        {unread ? (
          <span className="rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold leading-5 text-white">
            {unread}
            <span className="sr-only"> unread</span>
          </span>
        ) : null}
        {count !== undefined && count !== null ? (
          <span className="min-w-5 text-right text-xs tabular-nums text-slate-500">
            {count}
            <span className="sr-only"> open</span>
          </span>
        ) : null}
      </button>
    </li>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `inbox-sidebar-${title.toLowerCase().replace(/\s+/g, "-")}`;
  return (
    <div className="mt-5 first:mt-0">
      <h3 id={id} className="px-2 text-[11px] font-semibold uppercase tracking-wider text-slate-500">
        {title}
      </h3>
      <ul aria-labelledby={id} className="mt-1.5 space-y-0.5">
        {children}
      </ul>
    </div>
  );
}

/** Beside the list from `lg` up; below that, an overlay opened from the inbox's top bar (`open`). */
export function InboxSidebar({ live, onShowShortcuts, open = false, onClose }: { live: TLiveStatus; onShowShortcuts: () => void; open?: boolean; onClose?: () => void }) {
  const { api, data } = useInbox();
  const { filters, setFilters } = useInboxUrl();
  const folder = folderOf(filters) ?? "all";
  const counts = useQuery({ queryKey: inboxKeys.counts(folder), queryFn: ({ signal }) => api.counts(folder, signal), staleTime: 30_000 });
  const c = counts.data;
  const set = (patch: Partial<TInboxFilters>) => setFilters({ ...filters, ...patch });

  return (
    <nav
      id="inbox-folders"
      aria-label="Inbox folders"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) onClose?.();
      }}
      className={clsx(
        "w-52 shrink-0 flex-col border-r border-slate-200 bg-white lg:static lg:z-auto lg:flex lg:shadow-none",
        open ? "absolute inset-y-0 left-0 z-30 flex shadow-xl" : "hidden",
      )}
    >
      <div className="flex-1 overflow-y-auto px-3 py-4">
        <div className="mb-4">
          <MentionsMenu />
        </div>
        <Section title="Conversations">
          <SidebarItem active={folderOf(filters) === "mine"} onClick={() => set({ assignee: "me" })} icon={<UserIcon />} label="Mine" count={c?.folders.mine.open} unread={c?.folders.mine.unread} />
          <SidebarItem
            active={folderOf(filters) === "unassigned"}
            onClick={() => set({ assignee: "unassigned" })}
            icon={<UserQuestionIcon />}
            label="Unassigned"
            count={c?.folders.unassigned.open}
            unread={c?.folders.unassigned.unread}
          />
          <SidebarItem active={folderOf(filters) === "all"} onClick={() => set({ assignee: null })} icon={<UsersIcon />} label="All" count={c?.folders.all.open} unread={c?.folders.all.unread} />
        </Section>
        <Section title="Status">
          {STATUS_ITEMS.map((s) => {
            const n = s.status === "all" ? undefined : c?.statuses[s.status];
            return (
              <SidebarItem
                key={s.status}
                active={filters.status === s.status}
                onClick={() => set({ status: s.status })}
                icon={s.status === "all" ? undefined : s.icon}
                label={s.label}
                count={n?.total}
                unread={n?.unread}
              />
            );
          })}
        </Section>
        {data.labels.length ? (
          <Section title="Labels">
            {data.labels.map((l) => (
              <SidebarItem key={l.id} active={filters.labelId === l.id} onClick={() => set({ labelId: filters.labelId === l.id ? null : l.id })} icon={<LabelDot color={l.color} className="mx-1" />} label={l.name} />
            ))}
          </Section>
        ) : null}
        {data.teams.length ? (
          <Section title="Teams">
            {data.teams.map((t) => (
              <SidebarItem key={t.id} active={filters.teamId === t.id} onClick={() => set({ teamId: filters.teamId === t.id ? null : t.id })} icon={<UsersIcon />} label={t.name} />
            ))}
          </Section>
        ) : null}
        {data.channels.length ? (
          <Section title="Channels">
            {data.channels.map((ch) => (
              <SidebarItem
                key={ch.id}
                active={filters.channelId === ch.id}
                onClick={() => set({ channelId: filters.channelId === ch.id ? null : ch.id })}
                icon={<ChannelIcon type={ch.type} />}
                label={ch.name || CHANNEL_LABELS[ch.type]}
              />
            ))}
          </Section>
        ) : null}
        {filters.channelId || filters.teamId || filters.labelId || filters.unread || filters.q ? (
          <button type="button" onClick={() => setFilters({ ...DEFAULT_FILTERS, assignee: filters.assignee })} className="mt-4 px-2 text-xs font-medium text-brand-600 hover:underline">
            Clear filters
          </button>
        ) : null}
      </div>
      <div className="flex items-center justify-between border-t border-slate-100 px-4 py-2.5 text-xs text-slate-500">
        <span className="flex items-center gap-1.5" title={live === "live" ? "Receiving live updates" : "Reconnecting to live updates"}>
          {live === "live" ? <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" /> : <WifiOffIcon className="size-3.5 text-amber-600" />}
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
        <button type="button" onClick={onShowShortcuts} className="flex items-center gap-1 rounded px-1 py-0.5 hover:bg-slate-100 hover:text-slate-700">
          <KeyboardIcon className="size-3.5" /> Shortcuts
        </button>
      </div>
    </nav>
  );
}
