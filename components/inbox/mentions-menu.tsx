"use client";

import { useEffect } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { markMentionsRead } from "@/lib/inbox/actions/mark-mentions-read";
import type { TMentionList } from "@/lib/inbox/mention-notifications";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { useInboxUrl } from "./use-inbox-url";
import { inboxKeys } from "./query-keys";
import { shortTimeAgo } from "./format";
import { AtSignIcon } from "./icons";
import { MenuItem, MenuList, MenuSeparator, Popover } from "./ui";

/**
 * The in-app notification for @mentions in private notes: a button with the
 * unread count, opening the latest mentions; picking one opens its
 * conversation. Opening a conversation (from here or anywhere) marks the
 * mentions in it read. Refreshed live by `mention.created` deltas for me.
 */
export function MentionsMenu() {
  const { api, tenant } = useInbox();
  const { selectedId, select } = useInboxUrl();
  const qc = useQueryClient();
  const mentions = useQuery({ queryKey: inboxKeys.mentions(), queryFn: ({ signal }) => api.mentions(signal), staleTime: 5 * 60_000 });
  const data = mentions.data;
  const unread = data?.unread ?? 0;

  const markRead = (conversationId: string | null) => {
    qc.setQueryData<TMentionList>(inboxKeys.mentions(), (old) => {
      if (!old) return old;
      const hit = old.items.filter((i) => !i.read && (conversationId === null || i.conversationId === conversationId)).length;
      return {
        unread: conversationId === null ? 0 : Math.max(0, old.unread - hit),
        items: old.items.map((i) => (conversationId === null || i.conversationId === conversationId ? { ...i, read: true } : i)),
      };
    });
    runAction(markMentionsRead.bind(null, tenant.id)({ conversationId })).catch(() => void qc.invalidateQueries({ queryKey: inboxKeys.mentions() }));
  };

  useEffect(() => {
    if (selectedId && data?.items.some((i) => !i.read && i.conversationId === selectedId)) markRead(selectedId);
    // markRead only reads stable values from the closure.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId, data]);

  return (
    <Popover
      label="Mentions"
      panelClassName="w-80"
      trigger={() => (
        <span className="flex w-full items-center gap-2">
          <AtSignIcon className="text-slate-400" />
          <span className="flex-1 text-left">Mentions</span>
          {unread ? (
            <span className="rounded-full bg-brand-600 px-1.5 text-[11px] font-semibold leading-5 text-white">
              {unread}
              <span className="sr-only"> unread</span>
            </span>
          ) : null}
        </span>
      )}
    >
      {(close) => (
        <>
          <p className="px-2 pb-1.5 pt-1 text-xs font-semibold uppercase tracking-wider text-slate-500">Notes that mention you</p>
          {mentions.isError ? <p className="px-2 py-2 text-slate-500">Could not load your mentions.</p> : null}
          {data && !data.items.length ? <p className="px-2 py-2 text-slate-500">No one has mentioned you yet.</p> : null}
          {data?.items.length ? (
            <MenuList label="Mentions">
              {data.items.map((m) => (
                <MenuItem
                  key={m.id}
                  onSelect={() => {
                    select(m.conversationId);
                    close();
                  }}
                  className="items-start"
                >
                  <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${m.read ? "bg-transparent" : "bg-brand-600"}`} />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate">
                      <span className="font-medium">{m.authorName ?? "A teammate"}</span> on {m.contactName ?? "a conversation"}
                      {m.read ? null : <span className="sr-only"> (unread)</span>}
                    </span>
                    <span className="line-clamp-2 block text-xs text-slate-500">{m.excerpt}</span>
                    <span className="block text-[11px] text-slate-400">{shortTimeAgo(m.createdAt)}</span>
                  </span>
                </MenuItem>
              ))}
              {unread ? (
                <>
                  <MenuSeparator />
                  <MenuItem
                    onSelect={() => {
                      markRead(null);
                      close();
                    }}
                  >
                    Mark all as read
                  </MenuItem>
                </>
              ) : null}
            </MenuList>
          ) : null}
        </>
      )}
    </Popover>
  );
}
