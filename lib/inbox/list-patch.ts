import { matchesFilters, type TInboxFilters } from "./filters";
import type { TConversationPage, TConversationSummary, TMessageDto, TMessagePage } from "./types";

/**
 * Pure cache patches for live updates, so a delta changes exactly what it must:
 * one conversation moves, appears or disappears in a loaded list; one message
 * is added to or replaced in a loaded thread. Nothing is refetched.
 */
export type TPages<P, C> = { pages: P[]; pageParams: C[] };

const newer = (a: TConversationSummary, b: TConversationSummary) =>
  b.lastActivityAt.localeCompare(a.lastActivityAt) || b.id.localeCompare(a.id);

export function toFilterable(s: TConversationSummary) {
  return {
    status: s.status,
    snoozedUntil: s.snoozedUntil,
    assigneeId: s.assignee?.id ?? null,
    channelId: s.channel.id,
    teamId: s.team?.id ?? null,
    labelIds: s.labels.map((l) => l.id),
    unreadCount: s.unreadCount,
  };
}

/**
 * Applies one conversation's new summary to a loaded list. Returns the same
 * object when nothing changes (TanStack then skips re-rendering).
 * Search results are only updated or dropped, never joined: whether a
 * conversation matches the text is the server's call.
 */
export function patchConversationList<C>(
  data: TPages<TConversationPage, C>,
  summary: TConversationSummary,
  filters: TInboxFilters,
  ctx: { userId: string; at: Date },
): TPages<TConversationPage, C> {
  const items = data.pages.flatMap((p) => p.items);
  const index = items.findIndex((i) => i.id === summary.id);
  const belongs = matchesFilters(toFilterable(summary), filters, ctx);
  if (index === -1 && (!belongs || filters.q)) return data;
  const next = items.filter((i) => i.id !== summary.id);
  if (belongs) {
    const withHighlight = index !== -1 && items[index]!.highlight !== undefined ? { ...summary, highlight: items[index]!.highlight } : summary;
    const at = next.findIndex((i) => newer(withHighlight, i) < 0);
    const lastPage = data.pages[data.pages.length - 1];
    // Past the loaded range it belongs to a page not fetched yet; that fetch will bring it.
    if (at === -1 && lastPage?.nextCursor && index === -1) return data;
    next.splice(at === -1 ? next.length : at, 0, withHighlight);
  }
  return { ...data, pages: redistribute(data.pages, next) };
}

function redistribute(pages: TConversationPage[], items: TConversationSummary[]): TConversationPage[] {
  let offset = 0;
  return pages.map((p, i) => {
    const size = i === pages.length - 1 ? items.length - offset : Math.min(p.items.length, items.length - offset);
    const chunk = items.slice(offset, offset + Math.max(size, 0));
    offset += chunk.length;
    return { ...p, items: chunk };
  });
}

/** Adds or replaces a message in a loaded thread (pages are newest-first; each page is oldest-first inside). */
export function upsertMessage<C>(data: TPages<TMessagePage, C>, message: TMessageDto): TPages<TMessagePage, C> {
  const pages = data.pages.map((p) => ({ ...p, items: [...p.items] }));
  for (const p of pages) {
    const i = p.items.findIndex((m) => m.id === message.id || (!!message.clientMessageId && m.clientMessageId === message.clientMessageId));
    if (i !== -1) {
      p.items[i] = message;
      return { ...data, pages };
    }
  }
  const first = pages[0];
  if (!first) return { ...data, pages: [{ items: [message], olderCursor: null }] };
  first.items.push(message);
  first.items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { ...data, pages };
}

export function removeMessage<C>(data: TPages<TMessagePage, C>, id: string): TPages<TMessagePage, C> {
  return { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((m) => m.id !== id) })) };
}
