"use client";

import { useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { TRealtimeEvent } from "@/lib/realtime/bus";
import type { TMessageDto } from "@/lib/inbox/types";
import type { TInboxApi } from "./api";
import { applyMessage, applySummary, refreshCountsSoon } from "./live-cache";
import { inboxKeys } from "./query-keys";

export type TLiveStatus = "connecting" | "live" | "reconnecting";

const SUMMARY_DEBOUNCE_MS = 150;
const MAX_BACKOFF_MS = 30_000;

/**
 * Subscribes to the workspace's live updates (SSE) and patches the query cache
 * with deltas: a new message is fetched alone and inserted; a changed
 * conversation is fetched alone (bursts coalesced) and moved in every loaded
 * list. Only after a reconnect are the visible queries refetched once, to catch
 * up on what was missed while offline.
 */
export function useInboxEvents(opts: { api: TInboxApi; userId: string; onIncoming: (m: TMessageDto) => void; onMentioned?: (conversationId: string) => void }): TLiveStatus {
  const qc = useQueryClient();
  const [status, setStatus] = useState<TLiveStatus>("connecting");
  const latest = useRef(opts);
  useEffect(() => {
    latest.current = opts;
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let everOpened = false;
    let stopped = false;
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const api = latest.current.api;

    const refreshSummary = (conversationId: string) => {
      clearTimeout(pending.get(conversationId));
      pending.set(
        conversationId,
        setTimeout(async () => {
          pending.delete(conversationId);
          try {
            applySummary(qc, await api.conversation(conversationId), latest.current.userId);
          } catch {
            // Deleted or no longer visible: leave the cache; the next list load settles it.
          }
          refreshCountsSoon(qc);
        }, SUMMARY_DEBOUNCE_MS),
      );
    };

    const fetchMessage = async (conversationId: string, messageId: string, isNew: boolean) => {
      if (!qc.getQueryData(inboxKeys.messages(conversationId))) return; // thread not loaded: nothing to patch
      try {
        const m = await api.message(messageId);
        applyMessage(qc, m);
        if (isNew) latest.current.onIncoming(m);
      } catch {
        // ignore: the message may have been removed in the meantime
      }
    };

    const handle = (event: TRealtimeEvent) => {
      if (event.type === "message.created") {
        void fetchMessage(event.conversationId, event.messageId, true);
        refreshSummary(event.conversationId);
      } else if (event.type === "message.updated") {
        void fetchMessage(event.conversationId, event.messageId, false);
      } else if (event.type === "conversation.updated") {
        refreshSummary(event.conversationId);
      } else if (event.type === "mention.created" && event.userId === latest.current.userId) {
        // Only the mentioned agent's browser reloads its (small) mentions list.
        void qc.invalidateQueries({ queryKey: inboxKeys.mentions() });
        latest.current.onMentioned?.(event.conversationId);
      }
    };

    const connect = () => {
      if (stopped) return;
      source = new EventSource(api.eventsUrl);
      source.onopen = () => {
        attempts = 0;
        setStatus("live");
        if (everOpened) {
          void qc.invalidateQueries({ queryKey: inboxKeys.lists() });
          void qc.invalidateQueries({ queryKey: inboxKeys.conversations() });
          void qc.invalidateQueries({ queryKey: ["inbox", "messages"] });
          refreshCountsSoon(qc, 0);
          void qc.invalidateQueries({ queryKey: inboxKeys.mentions() });
        }
        everOpened = true;
      };
      source.onmessage = (e) => {
        try {
          handle(JSON.parse(e.data) as TRealtimeEvent);
        } catch {
          // malformed event: skip it
        }
      };
      source.onerror = () => {
        setStatus("reconnecting");
        // EventSource retries network errors itself; a refused response (e.g. an
        // ended session) closes it for good, so retry here with backoff.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
          attempts++;
          retryTimer = setTimeout(connect, delay);
        }
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      for (const t of pending.values()) clearTimeout(t);
      source?.close();
    };
  }, [qc]);

  return status;
}
