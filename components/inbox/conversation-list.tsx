"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import clsx from "clsx";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { DEFAULT_FILTERS, normaliseQuery, type TInboxFilters } from "@/lib/inbox/filters";
import { useInbox } from "./inbox-context";
import { useInboxUrl } from "./use-inbox-url";
import { inboxKeys } from "./query-keys";
import { ConversationListItem } from "./conversation-list-item";
import { useRegisterCommands } from "./commands";
import { SearchIcon, XIcon } from "./icons";
import { Kbd, LabelDot, Spinner } from "./ui";
import { personName } from "./format";

const STATUS_TITLES = { open: "Open", pending: "Pending", snoozed: "Snoozed", resolved: "Resolved", all: "All statuses" } as const;

function folderTitle(f: TInboxFilters, members: { id: string; name: string | null; email: string }[]): string {
  if (f.assignee === "me") return "Mine";
  if (f.assignee === "unassigned") return "Unassigned";
  if (f.assignee) return personName(members.find((m) => m.id === (f.assignee as { userId: string }).userId)) || "Assigned";
  return "All conversations";
}

export function ConversationList() {
  const { api, data, me } = useInbox();
  const { filters, setFilters, navigate, selectedId, select } = useInboxUrl();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const query = useInfiniteQuery({
    queryKey: inboxKeys.list(filters),
    queryFn: ({ pageParam, signal }) => api.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  // Load the next page when the end of the list scrolls into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const move = (delta: 1 | -1) => {
    if (!items.length) return;
    const i = items.findIndex((c) => c.id === selectedId);
    const next = i === -1 ? (delta === 1 ? 0 : items.length - 1) : i + delta;
    if (next >= items.length && hasNextPage) void fetchNextPage();
    const target = items[Math.max(0, Math.min(items.length - 1, next))];
    if (target && target.id !== selectedId) {
      select(target.id);
      listRef.current?.querySelector(`[data-conversation-id="${target.id}"]`)?.scrollIntoView({ block: "nearest" });
    }
  };
  useRegisterCommands({ next: () => move(1), prev: () => move(-1), search: () => searchRef.current?.focus() });

  const activeChips: { key: string; label: React.ReactNode; clear: Partial<TInboxFilters> }[] = [];
  const label = data.labels.find((l) => l.id === filters.labelId);
  if (filters.labelId)
    activeChips.push({
      key: "label",
      label: (
        <>
          <LabelDot color={label?.color ?? "#94a3b8"} /> {label?.name ?? "Label"}
        </>
      ),
      clear: { labelId: null },
    });
  if (filters.teamId) activeChips.push({ key: "team", label: data.teams.find((t) => t.id === filters.teamId)?.name ?? "Team", clear: { teamId: null } });
  if (filters.channelId) activeChips.push({ key: "channel", label: data.channels.find((c) => c.id === filters.channelId)?.name ?? "Channel", clear: { channelId: null } });

  const assigneeValue = filters.assignee === null ? "" : typeof filters.assignee === "string" ? filters.assignee : filters.assignee.userId;
  const agents = data.members.filter((m) => m.role !== "analyst");

  return (
    <div className="flex w-full shrink-0 flex-col border-r border-slate-200 bg-white md:w-80 2xl:w-[22rem]">
      <div className="border-b border-slate-200 px-4 pb-3 pt-4">
        <div className="flex items-baseline justify-between gap-2">
          <h1 className="truncate text-lg font-semibold tracking-tight">{folderTitle(filters, data.members)}</h1>
          <span className="shrink-0 text-xs text-slate-500">{STATUS_TITLES[filters.status]}</span>
        </div>
        <SearchBox
          key={filters.q ?? ""}
          inputRef={searchRef}
          initial={filters.q ?? ""}
          onSearch={(q) => navigate({ filters: { ...filters, q, status: q && !filters.q && filters.status === "open" ? "all" : !q && filters.q && filters.status === "all" ? "open" : filters.status } }, "replace")}
        />
        <div className="mt-2.5 flex flex-wrap items-center gap-1.5">
          <label className="sr-only" htmlFor="inbox-assignee">
            Assignee
          </label>
          <select
            id="inbox-assignee"
            value={assigneeValue}
            onChange={(e) => {
              const v = e.target.value;
              setFilters({ ...filters, assignee: v === "" ? null : v === "me" || v === "unassigned" ? v : { userId: v } });
            }}
            className="h-7 rounded-md border border-slate-200 bg-white px-1.5 text-xs text-slate-700"
          >
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Unassigned</option>
            {agents
              .filter((m) => m.id !== me.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {personName(m)}
                </option>
              ))}
          </select>
          <label className="sr-only lg:hidden" htmlFor="inbox-status">
            Status
          </label>
          <select
            id="inbox-status"
            value={filters.status}
            onChange={(e) => setFilters({ ...filters, status: e.target.value as TInboxFilters["status"] })}
            className="h-7 rounded-md border border-slate-200 bg-white px-1.5 text-xs text-slate-700 lg:hidden"
          >
            {Object.entries(STATUS_TITLES).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-pressed={filters.unread}
            onClick={() => setFilters({ ...filters, unread: !filters.unread })}
            className={clsx(
              "h-7 rounded-md border px-2 text-xs font-medium",
              filters.unread ? "border-brand-500 bg-brand-50 text-brand-700" : "border-slate-200 text-slate-700 hover:bg-slate-50",
            )}
          >
            Unread only
          </button>
          {activeChips.map((chip) => (
            <span key={chip.key} className="inline-flex h-7 items-center gap-1 rounded-md bg-slate-100 pl-2 text-xs text-slate-700">
              {chip.label}
              <button type="button" onClick={() => setFilters({ ...filters, ...chip.clear })} className="rounded p-1 hover:bg-slate-200" aria-label={`Remove filter ${chip.key}`}>
                <XIcon className="size-3" />
              </button>
            </span>
          ))}
        </div>
      </div>

      <div className="relative min-h-0 flex-1 overflow-y-auto" aria-busy={query.isFetching && !query.isFetchingNextPage}>
        {query.isFetching && !query.isFetchingNextPage && query.isPlaceholderData ? <div className="absolute inset-x-0 top-0 h-0.5 animate-pulse bg-brand-500" /> : null}
        {query.isPending ? (
          <ListSkeleton />
        ) : query.isError ? (
          <div role="alert" className="m-4 rounded-lg bg-red-50 p-3 text-sm text-red-800">
            {query.error.message}{" "}
            <button type="button" className="font-medium underline" onClick={() => void query.refetch()}>
              Retry
            </button>
          </div>
        ) : items.length === 0 ? (
          <EmptyList filters={filters} onClear={() => setFilters({ ...DEFAULT_FILTERS, assignee: filters.assignee })} />
        ) : (
          <ul ref={listRef} aria-label="Conversations" className="divide-y divide-slate-100">
            {items.map((c) => (
              <ConversationListItem key={c.id} conversation={c} selected={c.id === selectedId} onSelect={() => select(c.id)} />
            ))}
          </ul>
        )}
        <div ref={sentinel} className="h-px" />
        {isFetchingNextPage ? (
          <p className="flex items-center justify-center gap-2 py-3 text-xs text-slate-500">
            <Spinner className="size-3" /> Loading more…
          </p>
        ) : hasNextPage ? (
          <div className="py-3 text-center">
            <button type="button" onClick={() => void fetchNextPage()} className="text-xs font-medium text-brand-600 hover:underline">
              Load more conversations
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function SearchBox({ initial, onSearch, inputRef }: { initial: string; onSearch: (q: string | null) => void; inputRef: React.RefObject<HTMLInputElement | null> }) {
  const [value, setValue] = useState(initial);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const commit = (v: string) => {
    clearTimeout(timer.current);
    const q = normaliseQuery(v);
    if (q !== (normaliseQuery(initial) ?? null)) onSearch(q);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <form
      role="search"
      className="relative mt-3"
      onSubmit={(e) => {
        e.preventDefault();
        commit(value);
      }}
    >
      <label htmlFor="inbox-search" className="sr-only">
        Search messages
      </label>
      <SearchIcon className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-slate-400" />
      <input
        ref={inputRef}
        id="inbox-search"
        type="search"
        value={value}
        placeholder="Search messages"
        autoComplete="off"
        onChange={(e) => {
          setValue(e.target.value);
          clearTimeout(timer.current);
          const v = e.target.value;
          timer.current = setTimeout(() => commit(v), 350);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            if (value) {
              e.preventDefault();
              setValue("");
              commit("");
            } else e.currentTarget.blur();
          }
        }}
        className="h-9 w-full rounded-lg border border-slate-200 bg-slate-50 pl-8 pr-10 text-sm placeholder:text-slate-400 focus:border-brand-500 focus:bg-white focus:outline-none focus:ring-2 focus:ring-brand-100"
      />
      {!value ? (
        <span className="pointer-events-none absolute right-2 top-1/2 -translate-y-1/2">
          <Kbd>/</Kbd>
        </span>
      ) : null}
    </form>
  );
}

function ListSkeleton() {
  return (
    <ul aria-label="Loading conversations" className="divide-y divide-slate-100">
      {Array.from({ length: 7 }, (_, i) => (
        <li key={i} className="flex gap-3 px-4 py-3.5">
          <span className="size-9 animate-pulse rounded-full bg-slate-100" />
          <span className="flex-1 space-y-2">
            <span className="block h-3 w-1/2 animate-pulse rounded bg-slate-100" />
            <span className="block h-3 w-5/6 animate-pulse rounded bg-slate-100" />
          </span>
        </li>
      ))}
    </ul>
  );
}

function EmptyList({ filters, onClear }: { filters: TInboxFilters; onClear: () => void }) {
  const filtered = filters.q || filters.labelId || filters.teamId || filters.channelId || filters.unread;
  return (
    <div className="px-6 py-14 text-center">
      <p className="text-sm font-medium text-slate-800">{filters.q ? `No messages match “${filters.q}”` : filters.status === "open" ? "All caught up" : "Nothing here"}</p>
      <p className="mt-1 text-sm text-slate-500">
        {filters.q ? "Try other words, or search every status." : filters.status === "open" ? "There are no open conversations in this view." : "No conversations match these filters."}
      </p>
      {filtered ? (
        <button type="button" onClick={onClear} className="mt-3 text-sm font-medium text-brand-600 hover:underline">
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
