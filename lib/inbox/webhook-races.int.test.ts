import { createHmac, randomBytes } from "node:crypto";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture } from "@/lib/testing/db";
import { createChannelFixture, inboxCounts } from "./fixtures/channels";
import { startFakeInngest, type TFakeInngest } from "./fixtures/fake-inngest";
import * as meta from "./fixtures/meta";
import { sid, twilioSmsInbound, twilioStatusCallback } from "./fixtures/twilio";

/**
 * Two races the accept path must win, through the real route handlers on real
 * PostgreSQL with requests signed as Twilio and Meta sign them:
 * - a channel disconnected by another web process while this one still has
 *   its route cached (up to 5 s): nothing is stored, the refusal is logged;
 * - a Twilio status callback that arrives before the send recorded the
 *   message's provider id: kept, then applied in lifecycle order.
 */
const APP_SECRET = "meta-app-secret-for-race-tests-0123";
const APP_URL = "https://sotto.example";
const TWILIO_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const uid = () => randomBytes(6).toString("hex");
const ctx = { params: Promise.resolve({}) } as never;

let fake: TFakeInngest;
let tenantId: string;
let routes: {
  meta: typeof import("@/app/api/webhooks/meta/route");
  twilio: typeof import("@/app/api/webhooks/twilio/route");
  relay: typeof import("./outbox-relay");
  deliver: typeof import("@/lib/outbound/deliver");
};

function twilioPost(params: Record<string, string>): Request {
  const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${APP_URL}/api/webhooks/twilio`, params);
  return new Request("http://10.0.0.7:3000/api/webhooks/twilio", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, "i-twilio-idempotency-token": uid() },
    body: new URLSearchParams(params).toString(),
  });
}

function metaPost(body: unknown): Request {
  const raw = JSON.stringify(body);
  const signature = `sha256=${createHmac("sha256", APP_SECRET).update(raw).digest("hex")}`;
  return new Request("http://10.0.0.7:3000/api/webhooks/meta", { method: "POST", headers: { "content-type": "application/json", "x-hub-signature-256": signature }, body: raw });
}

const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => asOwner({ tenantId }, async (c) => (await c.query(sql, params)).rows as T[]);
const phone = () => `+3933${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const twilioNumber = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

beforeAll(async () => {
  fake = await startFakeInngest();
  vi.stubEnv("META_APP_SECRET", APP_SECRET);
  vi.stubEnv("APP_URL", APP_URL);
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", `test:${randomBytes(32).toString("base64")}`);
  vi.stubEnv("INNGEST_BASE_URL", fake.url);
  vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  routes = {
    meta: await import("@/app/api/webhooks/meta/route"),
    twilio: await import("@/app/api/webhooks/twilio/route"),
    relay: await import("./outbox-relay"),
    deliver: await import("@/lib/outbound/deliver"),
  };
  tenantId = (await createTenantFixture("Webhook races")).tenantId;
});

afterAll(async () => {
  await routes.relay.relayOutbox().catch(() => undefined);
  routes.relay.resetOutboxRelayState();
  await closeTestConnections();
  await fake.close();
  vi.unstubAllEnvs();
});

/** What another web process's disconnect leaves in the database; this process's route cache is not told. */
const disconnectElsewhere = (channelId: string) =>
  q(`UPDATE "Channel" SET status = 'disconnected', credentials = NULL, "webhookSecret" = NULL WHERE "tenantId" = $1 AND id = $2`, [tenantId, channelId]);
const deliveryLog = (channelId: string) => q<{ outcome: string; httpStatus: number }>(`SELECT outcome, "httpStatus" FROM "DeliveryLog" WHERE "channelId" = $1 ORDER BY "createdAt", id`, [channelId]);

describe("a channel disconnected while a web process still has its route cached", () => {
  it("Twilio: the next signed message and status are refused with 404, nothing is stored, the log says why", async () => {
    const sms = await createChannelFixture(tenantId, "twilio_sms", twilioNumber(), { webhookSecret: TWILIO_TOKEN });
    const sender = phone();
    // Warms this process's route cache with the active channel.
    expect((await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: sid("SM", Date.now()), from: sender, to: sms.externalId, body: "before" })), ctx)).status).toBe(200);
    await disconnectElsewhere(sms.id);
    const before = await inboxCounts(tenantId);

    const late = await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: sid("SM", Date.now() + 1), from: sender, to: sms.externalId, body: "after the disconnect" })), ctx);
    expect(late.status).toBe(404);
    const status = await routes.twilio.POST(twilioPost(twilioStatusCallback({ messageSid: sid("SM", Date.now() + 2), from: sms.externalId, to: sender, status: "delivered" })), ctx);
    expect(status.status).toBe(404);

    expect(await inboxCounts(tenantId)).toEqual(before);
    expect(await q(`SELECT text FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2`, [tenantId, sms.id])).toEqual([{ text: "before" }]);
    expect((await deliveryLog(sms.id)).map((l) => `${l.outcome} ${l.httpStatus}`)).toEqual(["accepted 200", "channel_disconnected 404", "channel_disconnected 404"]);
  });

  it("Meta: a batch for the disconnected channel is refused; a batch naming another live channel still lands there only", async () => {
    const gone = await createChannelFixture(tenantId, "whatsapp", `9${Date.now()}`.slice(0, 15));
    const live = await createChannelFixture(tenantId, "whatsapp", `8${Date.now()}`.slice(0, 15));
    const waId = phone().slice(1);
    const msg = (phoneNumberId: string, text: string) => meta.waText({ phoneNumberId, waId, wamid: `wamid.${uid()}` }, text);
    expect((await routes.meta.POST(metaPost(msg(gone.externalId, "warm")), ctx)).status).toBe(200);
    await disconnectElsewhere(gone.id);
    const before = await inboxCounts(tenantId);

    expect((await routes.meta.POST(metaPost(msg(gone.externalId, "late")), ctx)).status).toBe(404);
    expect(await inboxCounts(tenantId)).toEqual(before);

    const both = msg(gone.externalId, "late again") as { entry: unknown[] };
    both.entry.push(...(msg(live.externalId, "to the live one") as { entry: unknown[] }).entry);
    expect((await routes.meta.POST(metaPost(both), ctx)).status).toBe(200);
    expect(await q(`SELECT "channelId", text FROM "Message" WHERE "tenantId" = $1 AND "channelId" = ANY($2) ORDER BY text`, [tenantId, [gone.id, live.id]])).toEqual([
      // Ordered by text: both messages carry the provider's whole-second timestamp, so createdAt can tie.
      { channelId: live.id, text: "to the live one" },
      { channelId: gone.id, text: "warm" },
    ]);
    expect((await deliveryLog(gone.id)).map((l) => l.outcome)).toEqual(["accepted", "channel_disconnected", "channel_disconnected"]);
  });
});

describe("Twilio status callbacks that beat the send's provider id", () => {
  async function outboundWithoutId() {
    const sms = await createChannelFixture(tenantId, "twilio_sms", twilioNumber(), { webhookSecret: TWILIO_TOKEN });
    const sender = phone();
    const inboundSid = sid("SM", Date.now());
    await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: inboundSid, from: sender, to: sms.externalId, body: "hi" })), ctx);
    const [inbound] = await q<{ conversationId: string }>(`SELECT "conversationId" FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = $2`, [tenantId, inboundSid]);
    const messageId = `m${uid()}`;
    // What the send function has written when Twilio's API answers: a queued agent reply without the provider id yet.
    await q(`INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, status, "updatedAt") VALUES ($1, $2, $3, $4, 'outbound', 'agent', 'text', 'On its way', 'queued', now())`, [
      messageId,
      tenantId,
      inbound!.conversationId,
      sms.id,
    ]);
    const callback = async (messageSid: string, status: "sent" | "delivered" | "undelivered", errorCode?: string) =>
      (await routes.twilio.POST(twilioPost(twilioStatusCallback({ messageSid, from: sms.externalId, to: sender, status, errorCode })), ctx)).status;
    const message = async () =>
      (await q<{ status: string; providerMessageId: string | null; sentAt: Date | null; deliveredAt: Date | null; errorCode: string | null }>(
        `SELECT status::text, "providerMessageId", "sentAt", "deliveredAt", "errorCode" FROM "Message" WHERE "tenantId" = $1 AND id = $2`,
        [tenantId, messageId],
      ))[0]!;
    const accept = (providerMessageId: string) => routes.deliver.recordAccepted(tenantId, messageId, { outcome: "accepted", transport: "twilio", providerMessageId, details: null });
    return { sms, messageId, callback, message, accept };
  }
  const pending = (providerMessageId: string) => q(`SELECT status::text FROM "PendingDeliveryStatus" WHERE "tenantId" = $1 AND "providerMessageId" = $2 ORDER BY sotto_delivery_rank(status)`, [tenantId, providerMessageId]);

  it("keeps 'delivered' (then a late 'sent') until the send records the id, then ends delivered, with the raw events and an outbox event", async () => {
    const f = await outboundWithoutId();
    const outSid = sid("SM", Date.now() + 10);
    expect(await f.callback(outSid, "delivered")).toBe(200);
    expect(await f.callback(outSid, "sent")).toBe(200);
    expect(await f.message()).toMatchObject({ status: "queued", providerMessageId: null });
    expect(await pending(outSid)).toEqual([{ status: "sent" }, { status: "delivered" }]);
    expect(await q(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE "tenantId" = $1 AND "channelId" = $2 AND payload->>'MessageSid' = $3`, [tenantId, f.sms.id, outSid])).toEqual([{ n: 2 }]);

    await f.accept(outSid);
    const m = await f.message();
    expect(m).toMatchObject({ status: "delivered", providerMessageId: outSid });
    expect(m.sentAt).not.toBeNull();
    expect(m.deliveredAt).not.toBeNull();
    expect(await pending(outSid)).toEqual([]);
    expect(await q(`SELECT data->>'status' AS status FROM "OutboxEvent" WHERE "tenantId" = $1 AND name = 'message.status' AND data->>'messageId' = $2`, [tenantId, f.messageId])).toEqual([{ status: "delivered" }]);
    // A later, older status changes nothing.
    expect(await f.callback(outSid, "sent")).toBe(200);
    expect((await f.message()).status).toBe("delivered");
  });

  it("applies an early failure with Twilio's error code", async () => {
    const f = await outboundWithoutId();
    const outSid = sid("SM", Date.now() + 20);
    expect(await f.callback(outSid, "undelivered", "30006")).toBe(200);
    await f.accept(outSid);
    expect(await f.message()).toMatchObject({ status: "failed", errorCode: "30006" });
  });

  it("loses no status when callbacks and the send's commit run at the same time", async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const f = await outboundWithoutId();
        const outSid = sid("SM", Date.now() + 100 + i);
        await Promise.all([f.callback(outSid, "delivered"), f.accept(outSid)]);
        return { f, outSid };
      }),
    );
    for (const { f, outSid } of runs) {
      expect((await f.message()).status).toBe("delivered");
      expect(await pending(outSid)).toEqual([]);
    }
  });
});
