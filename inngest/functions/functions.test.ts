import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { functions } from "../functions";
import { onMessageReceived } from "./on-message-received";
import { onMessageStatus } from "./on-message-status";
import { relayOutboxCron } from "./relay-outbox";
import { retentionPurgeCron } from "./retention-purge";

const received = {
  tenantId: "t1",
  channelId: "ch1",
  channelType: "whatsapp",
  conversationId: "conv1",
  messageId: "msg1",
  contactId: "ct1",
  kind: "text",
  conversationCreated: true,
} as const;

describe("on-message-received", () => {
  it("auto-assigns inside one memoised step and returns its outcome", async () => {
    const assigned = { outcome: "assigned", assigneeId: "u1", activityMessageId: "m2" };
    const t = new InngestTestEngine({
      function: onMessageReceived,
      events: [{ name: "message.received", data: received }],
      steps: [{ id: "auto-assign", handler: () => assigned }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ messageId: "msg1", assignment: assigned });
    expect(ctx.step.run).toHaveBeenCalledWith("auto-assign", expect.any(Function));
  });

  it("refuses a payload that does not match the event schema", async () => {
    const t = new InngestTestEngine({ function: onMessageReceived, events: [{ name: "message.received", data: { ...received, messageId: 42 } }] });
    const { error } = await t.execute();
    expect(error).toBeDefined();
  });
});

describe("on-message-status", () => {
  it("accepts a status event", async () => {
    const t = new InngestTestEngine({
      function: onMessageStatus,
      events: [{ name: "message.status", data: { tenantId: "t1", channelId: "c1", messageId: "m1", conversationId: "cv1", status: "failed", errorCode: "131047" } }],
    });
    expect((await t.execute()).result).toEqual({ messageId: "m1", status: "failed" });
  });
});

describe("relay-outbox cron", () => {
  it("relays in one step, then prunes old sent rows in another", async () => {
    const t = new InngestTestEngine({
      function: relayOutboxCron,
      steps: [
        { id: "relay", handler: () => ({ sent: 3, failed: 0, invalid: 0, batches: 1 }) },
        { id: "prune", handler: () => 12 },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ sent: 3, failed: 0, invalid: 0, batches: 1, pruned: 12 });
    const ids = (ctx.step.run as unknown as { mock: { calls: [string][] } }).mock.calls.map((c) => c[0]);
    expect(ids).toEqual(["relay", "prune"]);
  });
});

describe("retention-purge cron", () => {
  it("purges every tenant in its own step and counts the failures without stopping", async () => {
    const t = new InngestTestEngine({
      function: retentionPurgeCron,
      steps: [
        { id: "list-tenants", handler: () => ["t1", "t2", "t3"] },
        { id: "purge-t1", handler: () => ({ ok: true, durationMs: 5 }) },
        { id: "purge-t2", handler: () => ({ ok: false, error: "boom" }) },
        { id: "purge-t3", handler: () => ({ ok: true, durationMs: 7 }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ tenants: 3, failed: 1 });
    const ids = (ctx.step.run as unknown as { mock: { calls: [string][] } }).mock.calls.map((c) => c[0]);
    expect(ids).toEqual(["list-tenants", "purge-t1", "purge-t2", "purge-t3"]);
  });
});

describe("registry", () => {
  it("lists each function once, with unique ids", () => {
    const ids = functions.map((f) => f.id());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(["on-message-received", "on-message-status", "relay-outbox"]));
  });
});

describe("event payload validation", () => {
  it("fails a run with an invalid payload at once, without retries", async () => {
    const { runFunction } = await import("../dev-runner");
    const r = await runFunction(onMessageReceived as never, { name: "message.received", data: { ...received, messageId: 42 } });
    expect(r.status).toBe("failed");
    expect(r.attempts).toBe(1);
  });
});
