import { filtersKey, type TInboxFilters } from "@/lib/inbox/filters";

/**
 * TanStack Query keys of the inbox. One QueryClient per workspace page (the
 * app is keyed by tenant), so keys need no tenant. Live updates patch these
 * entries in place rather than invalidating them.
 */
export const inboxKeys = {
  all: ["inbox"] as const,
  lists: () => ["inbox", "list"] as const,
  list: (filters: TInboxFilters) => ["inbox", "list", filtersKey(filters)] as const,
  conversations: () => ["inbox", "conversation"] as const,
  conversation: (id: string) => ["inbox", "conversation", id] as const,
  messages: (id: string) => ["inbox", "messages", id] as const,
  counts: (folder: TFolder) => ["inbox", "counts", folder] as const,
  contact: (id: string) => ["inbox", "contact", id] as const,
  contactSearch: (q: string, exclude: string) => ["inbox", "contact-search", q, exclude] as const,
  mentions: () => ["inbox", "mentions"] as const,
};

export type TFolder = "mine" | "unassigned" | "all";
