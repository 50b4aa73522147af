"use client";

import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { markConversationRead } from "@/lib/inbox/actions/mark-conversation-read";
import type { TConversationPage, TConversationSummary } from "@/lib/inbox/types";
import { runAction } from "./api";
import { useInbox } from "./inbox-context";
import { useInboxUrl } from "./use-inbox-url";
import { inboxKeys } from "./query-keys";
import { useRegisterCommands } from "./commands";
import { applySummary, refreshCountsSoon } from "./live-cache";
import { ConversationHeader } from "./conversation-header";
import { MessageThread } from "./message-thread";
import { Composer } from "./composer";
import { DetailsPanel } from "./details-panel";
import { useConversationActions } from "./use-conversation-actions";
import { contactName } from "./format";
import { Spinner } from "./ui";

function fromLists(qc: ReturnType<typeof useQueryClient>, id: string): TConversationSummary | undefined {
  for (const [, data] of qc.getQueriesData<InfiniteData<TConversationPage>>({ queryKey: inboxKeys.lists() })) {
    const hit = data?.pages.flatMap((p) => p.items).find((c) => c.id === id);
    if (hit) return hit;
  }
  return undefined;
}

export function ConversationView({ conversationId }: { conversationId: string }) {
  const { api, canAct, me, tenant, contactPanelOpen, setContactPanelOpen } = useInbox();
  const { select } = useInboxUrl();
  const qc = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);

  const query = useQuery({
    queryKey: inboxKeys.conversation(conversationId),
    queryFn: ({ signal }) => api.conversation(conversationId, signal),
    // Shown at once from the list it was picked from, then confirmed by the server.
    initialData: () => fromLists(qc, conversationId),
    initialDataUpdatedAt: 0,
  });
  const summary = query.data;
  const actions = useConversationActions(summary);

  // Opening a conversation moves focus to it, so keyboard and screen-reader users land on what they opened.
  const focused = useRef(false);
  useEffect(() => {
    if (summary && !focused.current) {
      focused.current = true;
      heading.current?.focus({ preventScroll: true });
    }
  }, [summary]);

  const unread = summary?.unreadCount ?? 0;
  useEffect(() => {
    if (!canAct || unread === 0) return;
    let cancelled = false;
    runAction(markConversationRead.bind(null, tenant.id)({ conversationId }))
      .then((s) => {
        if (!cancelled) {
          applySummary(qc, s, me.id);
          refreshCountsSoon(qc);
        }
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [canAct, unread, conversationId, tenant.id, qc, me.id]);

  useRegisterCommands(
    canAct && summary
      ? {
          assignToMe: () => {
            if (summary.assignee?.id !== me.id) void actions.assign(me.id);
          },
          // One key both ways, like the header's Resolve / Reopen button.
          resolve: () => void (summary.status === "resolved" ? actions.reopen() : actions.resolve()),
          snooze: () => {
            if (summary.status !== "resolved") setSnoozeOpen(true);
          },
          close: () => {
            if (contactPanelOpen) return setContactPanelOpen(false);
            select(null);
            requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-conversation-id="${conversationId}"] button`)?.focus());
          },
        }
      : {
          close: () => select(null),
        },
  );

  if (!summary) {
    return (
      <div className="flex flex-1 items-center justify-center text-sm text-slate-500">
        {query.isError ? (
          <p role="alert">{query.error.message === "Not found." ? "This conversation no longer exists." : query.error.message}</p>
        ) : (
          <>
            <Spinner className="mr-2" /> Loading conversation…
          </>
        )}
      </div>
    );
  }

  return (
    <div className="flex min-h-0 flex-1">
      <div className="flex min-w-0 flex-1 flex-col">
        <ConversationHeader ref={heading} summary={summary} actions={actions} snoozeOpen={snoozeOpen} onSnoozeOpenChange={setSnoozeOpen} />
        <MessageThread conversationId={summary.id} contactName={contactName(summary.contact)} />
        <Composer summary={summary} />
      </div>
      {contactPanelOpen ? <DetailsPanel summary={summary} actions={actions} /> : null}
    </div>
  );
}
