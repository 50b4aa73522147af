import { describe, expect, it } from "vitest";
import { backoffMs, Outbox, type TPending, type TSendOutcome } from "./outbox";
import type { TWidgetMessage } from "./public-types";

const stored = (p: TPending): TWidgetMessage => ({
  id: `m-${p.clientMessageId}`,
  conversationId: "c1",
  clientMessageId: p.clientMessageId,
  from: "visitor",
  authorName: null,
  text: p.text,
  attachments: [],
  status: "received",
  createdAt: p.createdAt,
  version: "1",
});

function harness(outcomes: ((p: TPending) => TSendOutcome | Promise<TSendOutcome>)[]) {
  const calls: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const done: string[] = [];
  const saved: TPending[][] = [];
  const outbox = new Outbox({
    async send(p) {
      calls.push(p.clientMessageId);
      const next = outcomes.shift();
      return next ? next(p) : { ok: true, message: stored(p) };
    },
    changed() {},
    stored(p) {
      done.push(p.clientMessageId);
    },
    save(items) {
      saved.push(items.map((i) => ({ ...i })));
    },
    setTimer(fn, ms) {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer() {},
    random: () => 0.5,
  });
  return { outbox, calls, timers, done, saved };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("Outbox", () => {
  it("resends with the same clientMessageId until the server stores it", async () => {
    const h = harness([() => ({ ok: false, retry: true }), () => Promise.reject(new Error("offline"))]);
    h.outbox.add("hello", "cm-1", new Date());
    await settle();
    expect(h.calls).toEqual(["cm-1"]);
    expect(h.outbox.items[0]?.state).toBe("waiting");
    h.timers.shift()!.fn();
    await settle();
    h.timers.shift()!.fn();
    await settle();
    expect(h.calls).toEqual(["cm-1", "cm-1", "cm-1"]);
    expect(h.done).toEqual(["cm-1"]);
    expect(h.outbox.items).toEqual([]);
    expect(h.saved.at(-1)).toEqual([]);
  });

  it("keeps the typed order: a later message waits for the earlier one", async () => {
    const h = harness([() => ({ ok: false, retry: true })]);
    h.outbox.add("first", "cm-1", new Date());
    h.outbox.add("second", "cm-2", new Date());
    await settle();
    expect(h.calls).toEqual(["cm-1"]);
    await h.outbox.flush(); // e.g. reconnect
    await settle();
    expect(h.calls).toEqual(["cm-1", "cm-1", "cm-2"]);
    expect(h.done).toEqual(["cm-1", "cm-2"]);
  });

  it("honours Retry-After and backs off exponentially up to 30 s", async () => {
    const h = harness([() => ({ ok: false, retry: true, retryAfterMs: 20_000 })]);
    h.outbox.add("x", "cm-1", new Date());
    await settle();
    expect(h.timers[0]!.ms).toBe(20_000);
    expect(backoffMs(1, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(4000);
    expect(backoffMs(20, () => 0.5)).toBe(30_000);
  });

  it("marks a refused message failed and goes on with the next", async () => {
    const h = harness([() => ({ ok: false, retry: false })]);
    h.outbox.add("bad", "cm-1", new Date());
    h.outbox.add("good", "cm-2", new Date());
    await settle();
    await settle();
    expect(h.outbox.items.map((i) => [i.clientMessageId, i.state])).toEqual([["cm-1", "failed"]]);
    expect(h.done).toEqual(["cm-2"]);
    h.outbox.discard("cm-1");
    expect(h.outbox.items).toEqual([]);
  });

  it("resends what a previous page load left unsent, with its original id", async () => {
    const restored: TPending[] = [{ clientMessageId: "cm-old", text: "still there?", createdAt: new Date().toISOString(), state: "sending", attempts: 1 }];
    const calls: string[] = [];
    const outbox = new Outbox(
      { send: async (p) => (calls.push(p.clientMessageId), { ok: true, message: null }), changed() {}, stored() {}, save() {}, setTimer: () => 0, clearTimer() {} },
      restored,
    );
    expect(outbox.items[0]?.state).toBe("waiting");
    await outbox.flush();
    expect(calls).toEqual(["cm-old"]);
  });
});
