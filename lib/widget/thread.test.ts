import { describe, expect, it } from "vitest";
import { mergeMessages, needingAck } from "./thread";
import type { TWidgetMessage } from "./public-types";

const msg = (id: string, o: Partial<TWidgetMessage> = {}): TWidgetMessage => ({
  id,
  conversationId: "c1",
  clientMessageId: null,
  from: "agent",
  authorName: "Alex",
  text: id,
  attachments: [],
  status: "sent",
  createdAt: "2026-11-24T10:00:00.000Z",
  version: "1",
  ...o,
});

describe("mergeMessages", () => {
  it("adds each message once, ordered by time", () => {
    const a = msg("a", { createdAt: "2026-11-24T10:00:01.000Z" });
    const b = msg("b", { createdAt: "2026-11-24T10:00:00.000Z" });
    expect(mergeMessages([a], [b, a, b]).map((m) => m.id)).toEqual(["b", "a"]);
  });
  it("takes the newer version and never moves a status back", () => {
    const read = msg("a", { status: "read", version: "5" });
    const lateDelivered = msg("a", { status: "delivered", version: "3" });
    expect(mergeMessages([read], [lateDelivered])[0]).toMatchObject({ status: "read", version: "5" });
    const edited = msg("a", { text: "edited", status: "delivered", version: "9" });
    expect(mergeMessages([read], [edited])[0]).toMatchObject({ text: "edited", status: "read" });
  });
});

describe("needingAck", () => {
  it("lists agent messages below the wanted level only", () => {
    const list = [msg("s"), msg("d", { status: "delivered" }), msg("r", { status: "read" }), msg("v", { from: "visitor", status: "received" })];
    expect(needingAck(list, "delivered")).toEqual(["s"]);
    expect(needingAck(list, "read")).toEqual(["s", "d"]);
  });
});
