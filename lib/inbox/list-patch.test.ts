import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS } from "./filters";
import { patchConversationList, upsertMessage, type TPages } from "./list-patch";
import type { TConversationPage, TConversationSummary, TMessageDto, TMessagePage } from "./types";

const at = new Date("2026-03-01T12:00:00Z");
const ctx = { userId: "me", at };

function conv(id: string, minutesAgo: number, patch: Partial<TConversationSummary> = {}): TConversationSummary {
  return {
    id,
    status: "open",
    snoozedUntil: null,
    priority: "none",
    subject: null,
    lastActivityAt: new Date(at.getTime() - minutesAgo * 60_000).toISOString(),
    lastMessagePreview: id,
    unreadCount: 0,
    resolvedAt: null,
    createdAt: at.toISOString(),
    channel: { id: "ch", type: "whatsapp", name: "WA", sandbox: false },
    contact: { id: `ct-${id}`, name: id, email: null, phone: null },
    assignee: null,
    team: null,
    labels: [],
    ...patch,
  };
}

const pages = (...chunks: TConversationSummary[][]): TPages<TConversationPage, string | null> => ({
  pages: chunks.map((items, i) => ({ items, nextCursor: i === chunks.length - 1 ? "more" : `p${i + 1}` })),
  pageParams: chunks.map((_, i) => (i === 0 ? null : `p${i}`)),
});
const ids = (d: TPages<TConversationPage, unknown>) => d.pages.map((p) => p.items.map((i) => i.id));

describe("patchConversationList", () => {
  it("moves an updated conversation to its new place and keeps page sizes", () => {
    const data = pages([conv("a", 1), conv("b", 2)], [conv("c", 3), conv("d", 4)]);
    const next = patchConversationList(data, conv("d", 0), DEFAULT_FILTERS, ctx);
    expect(ids(next)).toEqual([["d", "a"], ["b", "c"]]);
    expect(next.pages[1]!.nextCursor).toBe("more");
  });

  it("drops a conversation that no longer matches (resolved from the open list)", () => {
    const data = pages([conv("a", 1), conv("b", 2)]);
    expect(ids(patchConversationList(data, conv("a", 0, { status: "resolved" }), DEFAULT_FILTERS, ctx))).toEqual([["b"]]);
  });

  it("inserts a new matching conversation at the top, but not past the loaded range", () => {
    const data = pages([conv("a", 1), conv("b", 2)]);
    expect(ids(patchConversationList(data, conv("n", 0), DEFAULT_FILTERS, ctx))).toEqual([["n", "a", "b"]]);
    expect(patchConversationList(data, conv("old", 60), DEFAULT_FILTERS, ctx)).toBe(data);
  });

  it("returns the same object when the conversation is not part of the list", () => {
    const data = pages([conv("a", 1)]);
    expect(patchConversationList(data, conv("z", 0, { assignee: { id: "other", name: null, email: "o@x" } }), { ...DEFAULT_FILTERS, assignee: "me" }, ctx)).toBe(data);
  });

  it("never adds to search results, but keeps the highlight of a result it updates", () => {
    const hit = conv("a", 5, { highlight: { messageId: "m", text: "\uE000x\uE001" } });
    const data = pages([hit]);
    const f = { ...DEFAULT_FILTERS, q: "x", status: "all" as const };
    expect(patchConversationList(data, conv("n", 0), f, ctx)).toBe(data);
    const next = patchConversationList(data, conv("a", 0, { unreadCount: 3 }), f, ctx);
    expect(next.pages[0]!.items[0]).toMatchObject({ unreadCount: 3, highlight: { messageId: "m" } });
  });
});

describe("upsertMessage", () => {
  const msg = (id: string, createdAt: string, clientMessageId: string | null = null) => ({ id, createdAt, clientMessageId, conversationId: "c" }) as TMessageDto;
  const thread = (): TPages<TMessagePage, string | null> => ({ pages: [{ items: [msg("m1", "2026-03-01T10:00:00Z"), msg("temp-x", "2026-03-01T10:05:00Z", "x")], olderCursor: null }], pageParams: [null] });

  it("appends a new message to the newest page in time order", () => {
    const next = upsertMessage(thread(), msg("m0", "2026-03-01T09:00:00Z"));
    expect(next.pages[0]!.items.map((m) => m.id)).toEqual(["m0", "m1", "temp-x"]);
  });

  it("replaces an optimistic message by its client id and dedupes repeats", () => {
    const saved = msg("m2", "2026-03-01T10:05:01Z", "x");
    const once = upsertMessage(thread(), saved);
    expect(once.pages[0]!.items.map((m) => m.id)).toEqual(["m1", "m2"]);
    expect(upsertMessage(once, saved).pages[0]!.items.map((m) => m.id)).toEqual(["m1", "m2"]);
  });
});
