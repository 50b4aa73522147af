import { createHmac, randomBytes } from "node:crypto";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture } from "@/lib/testing/db";
import { createChannelFixture, inboxCounts } from "./fixtures/channels";
import { startFakeInngest, type TFakeInngest } from "./fixtures/fake-inngest";
import * as meta from "./fixtures/meta";
import { sid, twilioSmsInbound, twilioStatusCallback, twilioWhatsAppInbound } from "./fixtures/twilio";

/**
 * The webhook route handlers end to end on real PostgreSQL: requests built
 * exactly as Meta and Twilio send them (signed with the documented algorithm,
 * Twilio's with Twilio's own library), through the exported GET/POST handlers.
 * Events leave through the real outbox relay to a stand-in Inngest event API.
 */
const APP_SECRET = "meta-app-secret-for-tests-0123456789";
const VERIFY_TOKEN = "verify-me-please";
const APP_URL = "https://sotto.example";
const TWILIO_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
const uid = () => randomBytes(6).toString("hex");

let fake: TFakeInngest;
let tenantId: string;
let otherTenantId: string;
let wa: { id: string; externalId: string };
let waOther: { id: string; externalId: string };
let page: { id: string; externalId: string };
let ig: { id: string; externalId: string };
let sms: { id: string; externalId: string };
let twWa: { id: string; externalId: string };
let service: { id: string; externalId: string };
let noSecret: { id: string; externalId: string };
let routes: {
  meta: typeof import("@/app/api/webhooks/meta/route");
  twilio: typeof import("@/app/api/webhooks/twilio/route");
  relay: typeof import("./outbox-relay");
};

const ctx = { params: Promise.resolve({}) } as never;
const sign = (raw: string | Buffer) => `sha256=${createHmac("sha256", APP_SECRET).update(raw).digest("hex")}`;

function metaPost(body: unknown, opts: { signature?: string | null; raw?: string } = {}): Request {
  const raw = opts.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "facebookexternalua" };
  const signature = opts.signature === undefined ? sign(raw) : opts.signature;
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  // The app sits behind a proxy: the request reaches Next on an internal address.
  return new Request("http://10.0.0.7:3000/api/webhooks/meta", { method: "POST", headers, body: raw });
}

/** Exactly what Twilio sends: form-encoded params, signed over the public URL it called. */
function twilioPost(params: Record<string, string>, opts: { token?: string; query?: string; signature?: string } = {}): Request {
  const path = `/api/webhooks/twilio${opts.query ?? ""}`;
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(opts.token ?? TWILIO_TOKEN, `${APP_URL}${path}`, params);
  return new Request(`http://10.0.0.7:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature, "i-twilio-idempotency-token": uid() },
    body: new URLSearchParams(params).toString(),
  });
}

async function q<T = Record<string, unknown>>(tenant: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return asOwner({ tenantId: tenant }, async (c) => (await c.query(sql, params)).rows as T[]);
}
const deliveryLog = (channelId: string) => q<{ outcome: string; httpStatus: number }>(tenantId, `SELECT outcome, "httpStatus" FROM "DeliveryLog" WHERE "channelId" = $1 ORDER BY "createdAt"`, [channelId]);
const wamidOf = (body: unknown) => (body as { entry: { changes: { value: { messages: { id: string }[] } }[] }[] }).entry[0]!.changes[0]!.value.messages[0]!.id;
const conversationOf = async (providerMessageId: string) => ((await messageByProviderId(providerMessageId))[0] as { conversationId: string }).conversationId;
const messageByProviderId = (id: string) => q(tenantId, `SELECT * FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = $2`, [tenantId, id]);

beforeAll(async () => {
  fake = await startFakeInngest();
  vi.stubEnv("META_APP_SECRET", APP_SECRET);
  vi.stubEnv("META_VERIFY_TOKEN", VERIFY_TOKEN);
  vi.stubEnv("APP_URL", APP_URL);
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", `test:${randomBytes(32).toString("base64")}`);
  vi.stubEnv("INNGEST_BASE_URL", fake.url);
  vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  routes = { meta: await import("@/app/api/webhooks/meta/route"), twilio: await import("@/app/api/webhooks/twilio/route"), relay: await import("./outbox-relay") };

  tenantId = (await createTenantFixture("Webhooks")).tenantId;
  otherTenantId = (await createTenantFixture("Webhooks other")).tenantId;
  wa = await createChannelFixture(tenantId, "whatsapp", `1${Date.now()}${uid().slice(0, 4)}`.replace(/\D/g, ""));
  waOther = await createChannelFixture(otherTenantId, "whatsapp", `2${Date.now()}${uid().slice(0, 4)}`.replace(/\D/g, ""));
  page = await createChannelFixture(tenantId, "messenger", `page-${uid()}`);
  ig = await createChannelFixture(tenantId, "instagram", `ig-${uid()}`);
  const n = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  sms = await createChannelFixture(tenantId, "twilio_sms", n(), { webhookSecret: TWILIO_TOKEN });
  twWa = await createChannelFixture(tenantId, "twilio_whatsapp", n(), { webhookSecret: TWILIO_TOKEN });
  service = await createChannelFixture(tenantId, "twilio_sms", sid("MG", Date.now()), { webhookSecret: TWILIO_TOKEN });
  noSecret = await createChannelFixture(tenantId, "twilio_sms", n());
});

afterAll(async () => {
  await routes.relay.relayOutbox().catch(() => undefined);
  routes.relay.resetOutboxRelayState();
  await closeTestConnections();
  await fake.close();
  vi.unstubAllEnvs();
});

describe("Meta verification handshake", () => {
  const get = (q: string) => routes.meta.GET(new Request(`http://10.0.0.7:3000/api/webhooks/meta?${q}`), ctx);

  it("echoes hub.challenge as text/plain for the right verify token", async () => {
    const res = await get(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("1158201444");
  });

  it("answers 403 for a wrong token or mode", async () => {
    expect((await get(`hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).toBe(403);
    expect((await get(`hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
    expect((await get(`hub.challenge=1`)).status).toBe(403);
  });
});

describe("Meta webhook deliveries", () => {
  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const before = await inboxCounts(tenantId);
    const body = meta.waText({ phoneNumberId: wa.externalId, wamid: `wamid.${uid()}` });
    expect((await routes.meta.POST(metaPost(body, { signature: null }), ctx)).status).toBe(401);
    expect((await routes.meta.POST(metaPost(body, { signature: `sha256=${"0".repeat(64)}` }), ctx)).status).toBe(401);
    const raw = JSON.stringify(body);
    expect((await routes.meta.POST(metaPost(body, { raw: raw.replace("another color", "a cheaper price"), signature: sign(raw) }), ctx)).status).toBe(401);
    expect(await inboxCounts(tenantId)).toEqual(before);
    expect((await deliveryLog(wa.id)).filter((l) => l.outcome === "invalid_signature")).toHaveLength(3);
  });

  it("refuses every delivery with 503 while no app secret is configured", async () => {
    vi.stubEnv("META_APP_SECRET", undefined);
    vi.resetModules();
    try {
      const fresh = await import("@/app/api/webhooks/meta/route");
      const before = await inboxCounts(tenantId);
      const res = await fresh.POST(metaPost(meta.waText({ phoneNumberId: wa.externalId, wamid: `wamid.${uid()}` })), ctx);
      expect(res.status).toBe(503);
      expect(await inboxCounts(tenantId)).toEqual(before);
    } finally {
      vi.stubEnv("META_APP_SECRET", APP_SECRET);
    }
  });

  it("answers 400 for malformed JSON and for a body that is not a Meta webhook", async () => {
    const before = await inboxCounts(tenantId);
    const raw = '{"object":"whatsapp_business_account","entry":[';
    expect((await routes.meta.POST(metaPost(null, { raw }), ctx)).status).toBe(400);
    expect((await routes.meta.POST(metaPost({ object: "something_else", entry: [] }), ctx)).status).toBe(400);
    const missingId = meta.waText({ phoneNumberId: wa.externalId });
    delete (missingId as unknown as { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] }).entry[0]!.changes[0]!.value.messages[0]!.id;
    expect((await routes.meta.POST(metaPost(missingId), ctx)).status).toBe(400);
    expect(await inboxCounts(tenantId)).toEqual(before);
    expect((await deliveryLog(wa.id)).some((l) => l.outcome === "malformed" && l.httpStatus === 400)).toBe(true);
  });

  it("answers 413 for a body over 1 MB without reading it all", async () => {
    const raw = JSON.stringify({ ...meta.waText({ phoneNumberId: wa.externalId }), padding: "x".repeat(1024 * 1024) });
    const res = await routes.meta.POST(metaPost(null, { raw }), ctx);
    expect(res.status).toBe(413);
  });

  it("answers 404 for a delivery to an unknown channel", async () => {
    const res = await routes.meta.POST(metaPost(meta.waText({ phoneNumberId: "999000111222333" })), ctx);
    expect(res.status).toBe(404);
  });

  it("accepts a batch for several channels and skips the unknown one", async () => {
    const a = meta.waText({ phoneNumberId: wa.externalId, wamid: `wamid.${uid()}` });
    const b = meta.waText({ phoneNumberId: waOther.externalId, wamid: `wamid.${uid()}` });
    const c = meta.waText({ phoneNumberId: "999000111222444", wamid: `wamid.${uid()}` });
    const res = await routes.meta.POST(metaPost({ object: "whatsapp_business_account", entry: [...a.entry, ...b.entry, ...c.entry] }), ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, accepted: 2 });
    expect(await q(otherTenantId, `SELECT count(*)::int AS n FROM "Message" WHERE "tenantId" = $1`, [otherTenantId])).toEqual([{ n: 1 }]);
  });

  it("stores each WhatsApp message type with its normalised content", async () => {
    const cases: [string, (ids: { phoneNumberId: string; wamid: string }) => unknown, Record<string, unknown>][] = [
      ["text", meta.waText, { kind: "text", text: "Does it come in another color?" }],
      ["image", meta.waImage, { kind: "media", payload: expect.objectContaining({ mediaType: "image", mediaId: "1003383421387256", mimeType: "image/jpeg", caption: "Here is the receipt" }) }],
      ["document", meta.waDocument, { kind: "media", payload: expect.objectContaining({ mediaType: "document", filename: "invoice.pdf" }) }],
      ["audio", meta.waAudio, { kind: "media", payload: expect.objectContaining({ mediaType: "audio", voice: true }) }],
      ["sticker", meta.waSticker, { kind: "media", payload: expect.objectContaining({ mediaType: "sticker" }) }],
      ["location", meta.waLocation, { kind: "location", payload: expect.objectContaining({ latitude: 40.782910059774, name: "Solomon R. Guggenheim Museum" }) }],
      ["button_reply", meta.waButtonReply, { kind: "interactive", text: "Change", payload: expect.objectContaining({ type: "button_reply", id: "change-button" }) }],
      ["list_reply", meta.waListReply, { kind: "interactive", text: "Express Shipping", payload: expect.objectContaining({ type: "list_reply", id: "priority_express" }) }],
      ["button", meta.waTemplateButton, { kind: "interactive", text: "Unsubscribe from Promos" }],
      ["reaction", meta.waReaction, { kind: "reaction", payload: expect.objectContaining({ emoji: "😀" }) }],
      ["unsupported", meta.waUnsupported, { kind: "unsupported", payload: expect.objectContaining({ type: "unsupported" }) }],
    ];
    for (const [name, build, expected] of cases) {
      const wamid = `wamid.${name}.${uid()}`;
      const res = await routes.meta.POST(metaPost(build({ phoneNumberId: wa.externalId, wamid })), ctx);
      expect(res.status, name).toBe(200);
      expect(await messageByProviderId(wamid), name).toEqual([expect.objectContaining(expected)]);
    }
  });

  it("keeps a message type it has never seen as unsupported, with the raw payload", async () => {
    const wamid = `wamid.unknown.${uid()}`;
    expect((await routes.meta.POST(metaPost(meta.waUnknownType({ phoneNumberId: wa.externalId, wamid })), ctx)).status).toBe(200);
    const [m] = await messageByProviderId(wamid);
    expect(m).toMatchObject({ kind: "unsupported", payload: { type: "hologram", original: { type: "hologram", hologram: { id: "holo-1", frames: 24 } } } });
    const [raw] = await q<{ payload: { message: unknown } }>(tenantId, `SELECT payload FROM "WebhookEvent" WHERE "tenantId" = $1 AND "eventKey" = $2`, [tenantId, `wa:msg:${wamid}`]);
    expect(raw!.payload.message).toMatchObject({ id: wamid, type: "hologram", hologram: { frames: 24 } });
  });

  it("stores the text exactly as signed: emoji, right-to-left scripts and Meta's escaping", async () => {
    const wamid = `wamid.rtl.${uid()}`;
    const raw = JSON.stringify(meta.waText({ phoneNumberId: wa.externalId, wamid }, "PLACEHOLDER")).replace(
      "PLACEHOLDER",
      "\\u0645\\u0631\\u062d\\u0628\\u0627 \\ud83d\\udc4b \\u05e9\\u05dc\\u05d5\\u05dd \\u00bfqu\\u00e9 tal? http:\\/\\/x.test",
    );
    expect((await routes.meta.POST(metaPost(null, { raw }), ctx)).status).toBe(200);
    expect(await messageByProviderId(wamid)).toEqual([expect.objectContaining({ text: "مرحبا 👋 שלום ¿qué tal? http://x.test" })]);
  });

  it("moves delivery status forward only", async () => {
    const inbound = meta.waText({ phoneNumberId: wa.externalId, wamid: `wamid.${uid()}` });
    await routes.meta.POST(metaPost(inbound), ctx);
    const conversationId = await conversationOf(wamidOf(inbound));
    const outId = `wamid.out.${uid()}`;
    await q(tenantId, `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, "providerMessageId", status, "updatedAt") VALUES ($1, $2, $3, $4, 'outbound', 'agent', 'text', 'ok', $5, 'queued', now())`, [
      `m${uid()}`,
      tenantId,
      conversationId,
      wa.id,
      outId,
    ]);
    const status = async (s: "sent" | "delivered" | "read" | "failed") => {
      const res = await routes.meta.POST(metaPost(meta.waStatus({ phoneNumberId: wa.externalId, wamid: outId }, s)), ctx);
      expect(res.status).toBe(200);
      return ((await messageByProviderId(outId))[0] as { status: string }).status;
    };
    expect(await status("delivered")).toBe("delivered");
    expect(await status("sent")).toBe("delivered");
    expect(await status("read")).toBe("read");
    expect(await status("delivered")).toBe("read");
    expect(await status("failed")).toBe("read");
  });

  it("records a failed status with Meta's error code and message", async () => {
    const inbound = meta.waText({ phoneNumberId: wa.externalId, wamid: `wamid.${uid()}` });
    await routes.meta.POST(metaPost(inbound), ctx);
    const conversationId = await conversationOf(wamidOf(inbound));
    const outId = `wamid.out.${uid()}`;
    await q(tenantId, `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, "providerMessageId", status, "updatedAt") VALUES ($1, $2, $3, $4, 'outbound', 'agent', 'text', 'ok', $5, 'sent', now())`, [
      `m${uid()}`,
      tenantId,
      conversationId,
      wa.id,
      outId,
    ]);
    await routes.meta.POST(metaPost(meta.waStatus({ phoneNumberId: wa.externalId, wamid: outId }, "failed")), ctx);
    expect(await messageByProviderId(outId)).toEqual([expect.objectContaining({ status: "failed", errorCode: "131047", errorMessage: expect.stringContaining("24 hours") })]);
  });

  it("stores one message, one outbox row and sends one message.received event when the same delivery arrives 20 times at once", async () => {
    const wamid = `wamid.burst.${uid()}`;
    const body = meta.waText({ phoneNumberId: wa.externalId, wamid });
    const before = await inboxCounts(tenantId);
    const responses = await Promise.all(Array.from({ length: 20 }, () => routes.meta.POST(metaPost(body), ctx)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const after = await inboxCounts(tenantId);
    expect(after.messages - before.messages).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
    expect(after.webhookEvents - before.webhookEvents).toBe(1);

    await routes.relay.relayOutbox();
    await new Promise((r) => setTimeout(r, 100));
    await routes.relay.relayOutbox();
    const [m] = (await messageByProviderId(wamid)) as { id: string }[];
    const sent = fake.accepted.filter((e) => e.name === "message.received" && (e.data as { messageId: string }).messageId === m!.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.id).toBe(`message.received:${wa.id}:${wamid}`);
    expect(await q(tenantId, `SELECT "sentAt" IS NOT NULL AS sent FROM "OutboxEvent" WHERE "tenantId" = $1 AND "eventId" = $2`, [tenantId, sent[0]!.id])).toEqual([{ sent: true }]);
    expect((await deliveryLog(wa.id)).filter((l) => l.outcome === "duplicate").length).toBeGreaterThanOrEqual(19);
  });
});

describe("Messenger and Instagram deliveries", () => {
  it("stores messages from people, skips echoes of our own, and applies receipts", async () => {
    const psid = `psid-${uid()}`;
    const mid = `m_${uid()}`;
    expect((await routes.meta.POST(metaPost(meta.messengerText({ pageId: page.externalId, psid, mid })), ctx)).status).toBe(200);
    const [m] = (await messageByProviderId(mid)) as { conversationId: string; kind: string; text: string }[];
    expect(m).toMatchObject({ kind: "text", text: "Hello, is this still available?" });
    expect(await q(tenantId, `SELECT kind FROM "ContactIdentity" WHERE "tenantId" = $1 AND value = $2`, [tenantId, psid])).toEqual([{ kind: "psid" }]);

    const before = await inboxCounts(tenantId);
    expect((await routes.meta.POST(metaPost(meta.messengerEcho({ pageId: page.externalId, psid: page.externalId, mid: `m_echo_${uid()}` })), ctx)).status).toBe(200);
    expect((await inboxCounts(tenantId)).messages).toBe(before.messages);

    const imgMid = `m_img_${uid()}`;
    await routes.meta.POST(metaPost(meta.messengerImage({ pageId: page.externalId, psid, mid: imgMid })), ctx);
    expect(await messageByProviderId(imgMid)).toEqual([expect.objectContaining({ kind: "media", payload: expect.objectContaining({ mediaType: "image" }) })]);
    const qrMid = `m_qr_${uid()}`;
    await routes.meta.POST(metaPost(meta.messengerQuickReply({ pageId: page.externalId, psid, mid: qrMid })), ctx);
    expect(await messageByProviderId(qrMid)).toEqual([expect.objectContaining({ kind: "interactive", text: "Red", payload: expect.objectContaining({ payload: "COLOR_RED" }) })]);

    const outMid = `m_out_${uid()}`;
    await q(tenantId, `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, "providerMessageId", status, "updatedAt") VALUES ($1, $2, $3, $4, 'outbound', 'agent', 'text', 'ok', $5, 'sent', now())`, [
      `m${uid()}`,
      tenantId,
      m!.conversationId,
      page.id,
      outMid,
    ]);
    await routes.meta.POST(metaPost(meta.messengerDelivery({ pageId: page.externalId, psid, mids: [outMid] })), ctx);
    expect(await messageByProviderId(outMid)).toEqual([expect.objectContaining({ status: "delivered" })]);
    await routes.meta.POST(metaPost(meta.messengerRead({ pageId: page.externalId, psid, readMid: outMid })), ctx);
    expect(await messageByProviderId(outMid)).toEqual([expect.objectContaining({ status: "read" })]);
  });

  it("stores Instagram messages under the Instagram account's channel", async () => {
    const mid = `ig_${uid()}`;
    expect((await routes.meta.POST(metaPost(meta.instagramText({ pageId: ig.externalId, psid: `igsid-${uid()}`, mid })), ctx)).status).toBe(200);
    expect(await messageByProviderId(mid)).toEqual([expect.objectContaining({ channelId: ig.id, text: "Ciao! Avete questo in taglia M?" })]);
  });
});

describe("Twilio webhook deliveries", () => {
  const from = () => `+3933${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

  it("stores an SMS signed by Twilio over the public URL (query string included) and answers with empty TwiML", async () => {
    const messageSid = sid("SM", Date.now());
    const res = await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid, from: from(), to: sms.externalId, body: "Salve, è aperto domenica?" }), { query: "?src=console" }), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await messageByProviderId(messageSid)).toEqual([expect.objectContaining({ channelId: sms.id, kind: "text", text: "Salve, è aperto domenica?" })]);
  });

  it("refuses a request signed with another token, for another URL, or altered, and stores nothing", async () => {
    const before = await inboxCounts(tenantId);
    const params = twilioSmsInbound({ messageSid: sid("SM", Date.now() + 1), from: from(), to: sms.externalId, body: "hi" });
    expect((await routes.twilio.POST(twilioPost(params, { token: "0".repeat(32) }), ctx)).status).toBe(401);
    const wrongUrl = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, "https://evil.example/api/webhooks/twilio", params);
    expect((await routes.twilio.POST(twilioPost(params, { signature: wrongUrl }), ctx)).status).toBe(401);
    const signed = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${APP_URL}/api/webhooks/twilio`, params);
    expect((await routes.twilio.POST(twilioPost({ ...params, Body: "altered" }, { signature: signed }), ctx)).status).toBe(401);
    expect(await inboxCounts(tenantId)).toEqual(before);
    expect((await deliveryLog(sms.id)).filter((l) => l.outcome === "invalid_signature")).toHaveLength(3);
  });

  it("refuses deliveries for a channel without an auth token (503) and for unknown numbers (404)", async () => {
    expect((await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: sid("SM", 7), from: from(), to: noSecret.externalId, body: "hi" })), ctx)).status).toBe(503);
    expect((await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: sid("SM", 8), from: from(), to: "+14155550000", body: "hi" })), ctx)).status).toBe(404);
  });

  it("routes by Messaging Service SID when the number is not a channel of its own", async () => {
    const messageSid = sid("SM", Date.now() + 2);
    const res = await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid, from: from(), to: "+14155559999", body: "via service", messagingServiceSid: service.externalId })), ctx);
    expect(res.status).toBe(200);
    expect(await messageByProviderId(messageSid)).toEqual([expect.objectContaining({ channelId: service.id })]);
  });

  it("stores WhatsApp media with the sender's profile name and WhatsApp id", async () => {
    const messageSid = sid("MM", Date.now());
    const sender = from();
    const params = twilioWhatsAppInbound({ messageSid, from: sender, to: twWa.externalId, body: "Foto del pacco", profileName: "Giulia", media: [{ url: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1", contentType: "image/jpeg" }] });
    expect((await routes.twilio.POST(twilioPost(params), ctx)).status).toBe(200);
    const [m] = (await messageByProviderId(messageSid)) as { authorId: string }[];
    expect(m).toMatchObject({ channelId: twWa.id, kind: "media", payload: { mediaType: "image", caption: "Foto del pacco", media: [{ contentType: "image/jpeg" }] } });
    expect(await q(tenantId, `SELECT name, phone FROM "Contact" WHERE id = $1`, [m!.authorId])).toEqual([{ name: "Giulia", phone: sender }]);
    expect(await q(tenantId, `SELECT kind, value FROM "ContactIdentity" WHERE "contactId" = $1 ORDER BY kind`, [m!.authorId])).toEqual([
      { kind: "phone", value: sender },
      { kind: "wa_id", value: sender.slice(1) },
    ]);
  });

  it("records STOP as an opt-out and START as an opt-in", async () => {
    const sender = from();
    await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: sid("SM", Date.now() + 3), from: sender, to: sms.externalId, body: "STOP" })), ctx);
    const opt = () => q(tenantId, `SELECT o.status, o.keyword FROM "ContactOptIn" o JOIN "Contact" c ON c.id = o."contactId" WHERE o."tenantId" = $1 AND c.phone = $2`, [tenantId, sender]);
    expect(await opt()).toEqual([{ status: "opted_out", keyword: "STOP" }]);
    await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: sid("SM", Date.now() + 4), from: sender, to: sms.externalId, body: "Start" })), ctx);
    expect(await opt()).toEqual([{ status: "opted_in", keyword: "START" }]);
  });

  it("applies status callbacks forward only, with the error code of a failure", async () => {
    const sender = from();
    const inboundSid = sid("SM", Date.now() + 5);
    await routes.twilio.POST(twilioPost(twilioSmsInbound({ messageSid: inboundSid, from: sender, to: sms.externalId, body: "hi" })), ctx);
    const conversationId = await conversationOf(inboundSid);
    const outSid = sid("SM", Date.now() + 6);
    await q(tenantId, `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, "providerMessageId", status, "updatedAt") VALUES ($1, $2, $3, $4, 'outbound', 'agent', 'text', 'ok', $5, 'queued', now())`, [
      `m${uid()}`,
      tenantId,
      conversationId,
      sms.id,
      outSid,
    ]);
    const cb = async (status: "queued" | "sent" | "delivered" | "undelivered", errorCode?: string) => {
      const res = await routes.twilio.POST(twilioPost(twilioStatusCallback({ messageSid: outSid, from: sms.externalId, to: sender, status, errorCode })), ctx);
      expect(res.status).toBe(200);
      return (await messageByProviderId(outSid))[0] as { status: string; errorCode: string | null };
    };
    expect((await cb("queued")).status).toBe("queued");
    expect((await cb("sent")).status).toBe("sent");
    expect(await cb("undelivered", "30003")).toMatchObject({ status: "failed", errorCode: "30003" });
    expect((await cb("delivered")).status).toBe("failed");
  });
});
