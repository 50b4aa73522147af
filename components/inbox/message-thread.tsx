"use client";

import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useInbox } from "./inbox-context";
import { inboxKeys } from "./query-keys";
import { MessageItem } from "./message-item";
import { ChevronDownIcon } from "./icons";
import { dayKey, dayLabel } from "./format";
import { Spinner } from "./ui";

const NEAR_BOTTOM_PX = 120;

/**
 * The thread, newest at the bottom. It stays pinned to the bottom while the
 * agent is there; if they scrolled up to read, new messages show a "jump"
 * button instead of moving the text under them. The list is a polite live log.
 */
export function MessageThread({ conversationId, contactName }: { conversationId: string; contactName: string }) {
  const { api } = useInbox();
  const query = useInfiniteQuery({
    queryKey: inboxKeys.messages(conversationId),
    queryFn: ({ pageParam, signal }) => api.messages(conversationId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.olderCursor,
  });
  const messages = useMemo(() => (query.data ? [...query.data.pages].reverse().flatMap((p) => p.items) : []), [query.data]);

  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const lastId = useRef<string | null>(null);
  const heightBeforeOlder = useRef<number | null>(null);
  const [unseen, setUnseen] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !messages.length) return;
    if (heightBeforeOlder.current !== null) {
      // Older messages were added above: keep what the agent was reading in place.
      el.scrollTop += el.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
      return;
    }
    const newest = messages[messages.length - 1]!.id;
    if (newest === lastId.current) return;
    const first = lastId.current === null;
    lastId.current = newest;
    if (first || pinned.current) {
      el.scrollTop = el.scrollHeight;
      setUnseen(0);
    } else setUnseen((n) => n + 1);
  }, [messages]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
      if (pinned.current) setUnseen(0);
    };
    el.addEventListener("scroll", onScroll, { passive: true });
    return () => el.removeEventListener("scroll", onScroll);
  }, []);

  const loadOlder = () => {
    heightBeforeOlder.current = scroller.current?.scrollHeight ?? null;
    void query.fetchNextPage();
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={scroller} className="flex h-full flex-col overflow-y-auto py-4">
        <div className="flex-1" />
        {query.hasNextPage ? (
          <div className="mb-2 text-center">
            <button type="button" onClick={loadOlder} disabled={query.isFetchingNextPage} className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-3 py-1 text-xs font-medium text-slate-600 hover:bg-slate-50">
              {query.isFetchingNextPage ? <Spinner className="size-3" /> : null}
              Load earlier messages
            </button>
          </div>
        ) : null}
        {query.isPending ? (
          <div className="flex h-full items-center justify-center text-sm text-slate-500">
            <Spinner className="mr-2" /> Loading messages…
          </div>
        ) : query.isError ? (
          <p role="alert" className="m-5 rounded-lg bg-red-50 p-3 text-sm text-red-800">
            {query.error.message}
          </p>
        ) : (
          <ol role="log" aria-live="polite" aria-relevant="additions" aria-label={`Messages with ${contactName}`} className="space-y-0.5">
            {messages.map((m, i) => {
              const prev = messages[i - 1];
              const newDay = !prev || dayKey(prev.createdAt) !== dayKey(m.createdAt);
              // Consecutive messages from the same author within five minutes read as one block.
              const continued =
                !!prev &&
                !newDay &&
                prev.authorType === m.authorType &&
                prev.author.id === m.author.id &&
                prev.isPrivate === m.isPrivate &&
                m.authorType !== "system" &&
                new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() < 5 * 60_000;
              return (
                <Fragment key={m.id}>
                  {newDay ? (
                    <li role="presentation" className="flex items-center gap-3 px-5 py-3" aria-hidden="true">
                      <span className="h-px flex-1 bg-slate-200" />
                      <span className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{dayLabel(m.createdAt)}</span>
                      <span className="h-px flex-1 bg-slate-200" />
                    </li>
                  ) : null}
                  <MessageItem message={m} contactName={contactName} continued={continued} />
                </Fragment>
              );
            })}
          </ol>
        )}
      </div>
      {unseen > 0 ? (
        <button
          type="button"
          onClick={() => {
            const el = scroller.current;
            if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
            setUnseen(0);
          }}
          className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1 rounded-full bg-brand-600 px-3 py-1.5 text-xs font-medium text-white shadow-lg hover:bg-brand-700"
        >
          <ChevronDownIcon className="size-3.5" /> {unseen} new message{unseen === 1 ? "" : "s"}
        </button>
      ) : null}
    </div>
  );
}
