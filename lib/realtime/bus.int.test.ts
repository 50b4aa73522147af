import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The bus across processes: with REDIS_URL set, an event published by one
 * server reaches subscribers of that tenant through Redis pub/sub, and a
 * process listens only to the tenants it has subscribers for.
 */
const REDIS_URL = "redis://127.0.0.1:6379";
type TBusModule = typeof import("./bus");
let bus: TBusModule;
let observer: Redis;

const channelsOf = async () => ((await observer.pubsub("CHANNELS", "sotto:rt:bus-test-*")) as string[]).sort();

beforeAll(async () => {
  (globalThis as { sottoBus?: unknown }).sottoBus = undefined;
  vi.stubEnv("REDIS_URL", REDIS_URL);
  vi.resetModules();
  bus = await import("./bus");
  observer = new Redis(REDIS_URL);
});

afterAll(async () => {
  observer.disconnect();
  const state = (globalThis as { sottoBus?: { pub?: Redis; sub?: Redis } }).sottoBus;
  state?.pub?.disconnect();
  state?.sub?.disconnect();
  (globalThis as { sottoBus?: unknown }).sottoBus = undefined;
  vi.unstubAllEnvs();
});

describe("realtime bus over Redis", () => {
  it("delivers a tenant's events to its subscribers exactly once, and not to other tenants", async () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bus.subscribe("bus-test-a", (e) => a.push(e));
    const offB = bus.subscribe("bus-test-b", (e) => b.push(e));
    await vi.waitFor(async () => expect(await channelsOf()).toEqual(["sotto:rt:bus-test-a", "sotto:rt:bus-test-b"]));

    const event = { type: "message.created", conversationId: "c1", messageId: "m1" } as const;
    await bus.publish("bus-test-a", event);
    await vi.waitFor(() => expect(a).toEqual([event]));
    await new Promise((r) => setTimeout(r, 100));
    expect(a).toEqual([event]);
    expect(b).toEqual([]);
    offA();
    offB();
  });

  it("a message from another process (raw Redis publish) reaches subscribers; malformed ones are ignored", async () => {
    const got: unknown[] = [];
    const off = bus.subscribe("bus-test-c", (e) => got.push(e));
    await vi.waitFor(async () => expect(await channelsOf()).toContain("sotto:rt:bus-test-c"));
    await observer.publish("sotto:rt:bus-test-c", "{not json");
    await observer.publish("sotto:rt:bus-test-c", JSON.stringify({ type: "conversation.deleted", conversationId: "x" }));
    await observer.publish("sotto:rt:bus-test-c", JSON.stringify({ type: "conversation.updated", conversationId: "c9" }));
    await vi.waitFor(() => expect(got).toEqual([{ type: "conversation.updated", conversationId: "c9" }]));
    off();
  });

  it("listens to a tenant's channel only while it has subscribers", async () => {
    const off1 = bus.subscribe("bus-test-d", () => {});
    const off2 = bus.subscribe("bus-test-d", () => {});
    await vi.waitFor(async () => expect(await channelsOf()).toContain("sotto:rt:bus-test-d"));
    off1();
    await new Promise((r) => setTimeout(r, 100));
    expect(await channelsOf()).toContain("sotto:rt:bus-test-d");
    off2();
    await vi.waitFor(async () => expect(await channelsOf()).not.toContain("sotto:rt:bus-test-d"));
  });
});
