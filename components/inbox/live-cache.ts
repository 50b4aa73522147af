import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { parseInboxFilters } from "@/lib/inbox/filters";
import { patchConversationList, removeMessage, upsertMessage } from "@/lib/inbox/list-patch";
import type { TConversationPage, TConversationSummary, TMessageDto, TMessagePage } from "@/lib/inbox/types";
import { inboxKeys } from "./query-keys";

/** Writes one changed conversation or message into every cached view of it. */
export function applySummary(qc: QueryClient, summary: TConversationSummary, userId: string): void {
  qc.setQueryData(inboxKeys.conversation(summary.id), summary);
  const at = new Date();
  for (const [key, data] of qc.getQueriesData<InfiniteData<TConversationPage, string | null>>({ queryKey: inboxKeys.lists() })) {
    if (!data) continue;
    const raw = key[2] as Record<string, string> | undefined;
    const filters = parseInboxFilters(new URLSearchParams(raw ?? {}));
    const next = patchConversationList(data, summary, filters, { userId, at });
    if (next !== data) qc.setQueryData(key, next);
  }
}

export function applyMessage(qc: QueryClient, message: TMessageDto): void {
  qc.setQueryData<InfiniteData<TMessagePage, string | null>>(inboxKeys.messages(message.conversationId), (d) => (d ? upsertMessage(d, message) : d));
}

export function dropMessage(qc: QueryClient, conversationId: string, messageId: string): void {
  qc.setQueryData<InfiniteData<TMessagePage, string | null>>(inboxKeys.messages(conversationId), (d) => (d ? removeMessage(d, messageId) : d));
}

/** Counts are one small query per folder; coalesce bursts of events into one refetch. */
let countsTimer: ReturnType<typeof setTimeout> | undefined;
export function refreshCountsSoon(qc: QueryClient, delayMs = 600): void {
  clearTimeout(countsTimer);
  countsTimer = setTimeout(() => void qc.invalidateQueries({ queryKey: ["inbox", "counts"] }), delayMs);
}
