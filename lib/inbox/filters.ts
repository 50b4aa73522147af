import { z } from "zod";

/**
 * The conversation list's filters. They live in the URL (shareable, back button),
 * so parsing is lenient: an unknown or malformed value is dropped, never an error.
 * Shared by the server (queries) and the browser (cache patching), so no server imports.
 */
export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "resolved"] as const;
export type TConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const STATUS_FILTERS = [...CONVERSATION_STATUSES, "all"] as const;
export type TStatusFilter = (typeof STATUS_FILTERS)[number];

export const ZEntityId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** Search text: bounded so one request cannot build an enormous tsquery. */
export const MAX_SEARCH_LENGTH = 200;

/** `me` and `unassigned` are folders; any other value is a member's user id. */
export type TAssigneeFilter = "me" | "unassigned" | { userId: string } | null;

export type TInboxFilters = {
  status: TStatusFilter;
  assignee: TAssigneeFilter;
  channelId: string | null;
  teamId: string | null;
  labelId: string | null;
  unread: boolean;
  q: string | null;
};

export const DEFAULT_FILTERS: TInboxFilters = {
  status: "open",
  assignee: null,
  channelId: null,
  teamId: null,
  labelId: null,
  unread: false,
  q: null,
};

type TParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(source: TParamSource, key: string): string | null {
  if (source instanceof URLSearchParams) return source.get(key);
  const v = source[key];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

const id = (v: string | null) => (v && ZEntityId.safeParse(v).success ? v : null);

export function normaliseQuery(raw: string | null | undefined): string | null {
  if (!raw) return null;
  // Control characters never help a search and could confuse the highlighter's markers.
    const q = raw.replace(/[\u0000-\u001f\u007f\uE000\uE001]/g, " ").replace(/\s+/g, " ").trim().slice(0, MAX_SEARCH_LENGTH);
  return q.length > 0 ? q : null;
}

export function parseInboxFilters(source: TParamSource): TInboxFilters {
  const q = normaliseQuery(read(source, "q"));
  const rawStatus = read(source, "status");
  // Searching looks through every status unless the agent picked one.
  const status = (STATUS_FILTERS as readonly string[]).includes(rawStatus ?? "") ? (rawStatus as TStatusFilter) : q ? "all" : "open";
  const rawAssignee = read(source, "assignee");
  const assignee: TAssigneeFilter =
    rawAssignee === "me" || rawAssignee === "unassigned" ? rawAssignee : id(rawAssignee) ? { userId: rawAssignee! } : null;
  const unread = read(source, "unread");
  return {
    status,
    assignee,
    channelId: id(read(source, "channel")),
    teamId: id(read(source, "team")),
    labelId: id(read(source, "label")),
    unread: unread === "1" || unread === "true",
    q,
  };
}

/** The URL form of the filters, defaults omitted so links stay short and stable. */
export function serializeInboxFilters(f: TInboxFilters): URLSearchParams {
  const p = new URLSearchParams();
  const defaultStatus = f.q ? "all" : "open";
  if (f.status !== defaultStatus) p.set("status", f.status);
  if (f.assignee) p.set("assignee", typeof f.assignee === "string" ? f.assignee : f.assignee.userId);
  if (f.channelId) p.set("channel", f.channelId);
  if (f.teamId) p.set("team", f.teamId);
  if (f.labelId) p.set("label", f.labelId);
  if (f.unread) p.set("unread", "1");
  if (f.q) p.set("q", f.q);
  return p;
}

/** A stable, JSON-safe form of the filters for query keys. */
export function filtersKey(f: TInboxFilters): Record<string, string | boolean> {
  return Object.fromEntries(serializeInboxFilters(f).entries());
}

/** The status a conversation is in right now: a snooze whose time has passed is open again. */
export function effectiveStatus(c: { status: TConversationStatus; snoozedUntil: string | Date | null }, at: Date): TConversationStatus {
  if (c.status !== "snoozed" || !c.snoozedUntil) return c.status;
  return new Date(c.snoozedUntil).getTime() <= at.getTime() ? "open" : "snoozed";
}

export type TFilterableConversation = {
  status: TConversationStatus;
  snoozedUntil: string | null;
  assigneeId: string | null;
  channelId: string;
  teamId: string | null;
  labelIds: string[];
  unreadCount: number;
};

/**
 * Whether a conversation belongs in a list, evaluated in the browser when a live
 * update arrives. Text search cannot be evaluated here: callers only patch search
 * results they already hold.
 */
export function matchesFilters(c: TFilterableConversation, f: TInboxFilters, ctx: { userId: string; at: Date }): boolean {
  const status = effectiveStatus(c, ctx.at);
  if (f.status !== "all" && status !== f.status) return false;
  if (f.assignee === "me" && c.assigneeId !== ctx.userId) return false;
  if (f.assignee === "unassigned" && c.assigneeId !== null) return false;
  if (f.assignee && typeof f.assignee === "object" && c.assigneeId !== f.assignee.userId) return false;
  if (f.channelId && c.channelId !== f.channelId) return false;
  if (f.teamId && c.teamId !== f.teamId) return false;
  if (f.labelId && !c.labelIds.includes(f.labelId)) return false;
  if (f.unread && c.unreadCount <= 0) return false;
  return true;
}
