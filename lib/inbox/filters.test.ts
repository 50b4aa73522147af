import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, effectiveStatus, matchesFilters, normaliseQuery, parseInboxFilters, serializeInboxFilters, type TFilterableConversation } from "./filters";
import { decodeCursor, encodeCursor } from "./cursor";

const parse = (qs: string) => parseInboxFilters(new URLSearchParams(qs));

describe("parseInboxFilters", () => {
  it("defaults to open conversations in every folder", () => {
    expect(parse("")).toEqual(DEFAULT_FILTERS);
  });

  it("reads folders, member assignees and the other filters", () => {
    expect(parse("assignee=me&status=pending&channel=ch1&team=t_1&label=l-1&unread=1")).toEqual({
      status: "pending",
      assignee: "me",
      channelId: "ch1",
      teamId: "t_1",
      labelId: "l-1",
      unread: true,
      q: null,
    });
    expect(parse("assignee=unassigned").assignee).toBe("unassigned");
    expect(parse("assignee=user123").assignee).toEqual({ userId: "user123" });
  });

  it("drops malformed values instead of failing", () => {
    const f = parse("status=closed&assignee=%27%3B--&channel=a%20b&label=" + "x".repeat(65) + "&unread=yes");
    expect(f).toEqual(DEFAULT_FILTERS);
  });

  it("searches every status unless one is chosen", () => {
    expect(parse("q=refund").status).toBe("all");
    expect(parse("q=refund&status=resolved").status).toBe("resolved");
  });

  it("accepts Next's searchParams objects (arrays take the first value)", () => {
    expect(parseInboxFilters({ status: ["snoozed", "open"], q: "  ordine   4821 " })).toMatchObject({ status: "snoozed", q: "ordine 4821" });
  });

  it("round-trips through the URL with defaults omitted", () => {
    for (const qs of ["", "assignee=me", "status=resolved&label=l1", "q=ciao", "status=open&q=ciao", "assignee=u1&unread=1&channel=c1&team=t1"]) {
      const f = parse(qs);
      expect(parse(serializeInboxFilters(f).toString())).toEqual(f);
    }
    expect(serializeInboxFilters(parse("status=open")).toString()).toBe("");
    expect(serializeInboxFilters(parse("q=x&status=all")).toString()).toBe("q=x");
  });
});

describe("normaliseQuery", () => {
  it("trims, collapses whitespace, strips control and marker characters, bounds the length", () => {
    expect(normaliseQuery("  hello\n\tworld  ")).toBe("hello world");
    expect(normaliseQuery("a\uE000b\uE001c\u0000")).toBe("a b c");
    expect(normaliseQuery("   ")).toBeNull();
    expect(normaliseQuery("x".repeat(500))?.length).toBe(200);
  });
});

describe("effectiveStatus / matchesFilters", () => {
  const at = new Date("2026-03-01T12:00:00Z");
  const base: TFilterableConversation = { status: "open", snoozedUntil: null, assigneeId: "me1", channelId: "c1", teamId: "t1", labelIds: ["l1"], unreadCount: 2 };

  it("treats a snooze whose time has passed as open", () => {
    expect(effectiveStatus({ status: "snoozed", snoozedUntil: "2026-03-01T11:59:59Z" }, at)).toBe("open");
    expect(effectiveStatus({ status: "snoozed", snoozedUntil: "2026-03-01T12:00:01Z" }, at)).toBe("snoozed");
    expect(matchesFilters({ ...base, status: "snoozed", snoozedUntil: "2026-03-01T11:00:00Z" }, DEFAULT_FILTERS, { userId: "me1", at })).toBe(true);
  });

  it("applies every filter", () => {
    const ctx = { userId: "me1", at };
    expect(matchesFilters(base, { ...DEFAULT_FILTERS, assignee: "me" }, ctx)).toBe(true);
    expect(matchesFilters(base, { ...DEFAULT_FILTERS, assignee: "unassigned" }, ctx)).toBe(false);
    expect(matchesFilters(base, { ...DEFAULT_FILTERS, assignee: { userId: "other" } }, ctx)).toBe(false);
    expect(matchesFilters(base, { ...DEFAULT_FILTERS, channelId: "c2" }, ctx)).toBe(false);
    expect(matchesFilters(base, { ...DEFAULT_FILTERS, teamId: "t1", labelId: "l1", unread: true }, ctx)).toBe(true);
    expect(matchesFilters({ ...base, unreadCount: 0 }, { ...DEFAULT_FILTERS, unread: true }, ctx)).toBe(false);
    expect(matchesFilters({ ...base, status: "resolved" }, DEFAULT_FILTERS, ctx)).toBe(false);
    expect(matchesFilters({ ...base, status: "resolved" }, { ...DEFAULT_FILTERS, status: "all" }, ctx)).toBe(true);
  });
});

describe("cursors", () => {
  it("round-trip and refuse anything malformed", () => {
    const c = encodeCursor({ at: new Date("2026-03-01T12:00:00.123Z"), id: "conv_1" });
    expect(decodeCursor(c)).toEqual({ at: new Date("2026-03-01T12:00:00.123Z"), id: "conv_1" });
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-13-01T00:00:00.000Z|x").toString("base64url"))).toBeNull();
    expect(decodeCursor(Buffer.from("2026-03-01T12:00:00.000Z|a'b").toString("base64url"))).toBeNull();
    expect(decodeCursor(null)).toBeNull();
  });
});
