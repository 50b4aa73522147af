import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import { POST as sessionPOST, OPTIONS as sessionOPTIONS } from "@/app/api/widget/session/route";
import { GET as messagesGET, POST as messagesPOST } from "@/app/api/widget/messages/route";
import { POST as ackPOST } from "@/app/api/widget/ack/route";
import { GET as eventsGET } from "@/app/api/widget/events/route";
import { env } from "@/lib/env";
import { publish } from "@/lib/realtime/bus";
import { widgetByVisitor, publicApiByIp } from "@/lib/security/limits";
import { generateWidgetKey } from "./settings";
import { signVisitorToken } from "./token";
import type { TWidgetHistory, TWidgetMessage, TWidgetSendResult, TWidgetSession } from "./public-types";

/**
 * The widget API on real PostgreSQL, through the route handlers as Next calls them.
 * Each test uses its own client address so the per-address budget of one test
 * never decides another's outcome.
 */
const SITE = "https://shop.example.com";
const APP = new URL(env.APP_URL).origin;
const BASE = "http://localhost:3000";

type TChannelFixture = { tenantId: string; channelId: string; key: string };

let tenant: TTenantFixture;
let other: TTenantFixture;
let channel: TChannelFixture;
let otherChannel: TChannelFixture;

async function createWidgetChannel(tenantId: string, settings: Record<string, unknown> = { allowedOrigins: [SITE] }, status = "active"): Promise<TChannelFixture> {
  const channelId = randomId("ch");
  const key = generateWidgetKey();
  await asOwner({ tenantId }, (c) =>
    c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, status, "externalId", settings, "updatedAt") VALUES ($1, $2, 'widget', 'Website', $3, $4, $5::jsonb, now())`, [
      channelId,
      tenantId,
      status,
      key,
      JSON.stringify(settings),
    ]),
  );
  return { tenantId, channelId, key };
}

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

type TReqOpts = { method?: string; origin?: string | null; body?: unknown; raw?: string; contentType?: string; token?: string; ip?: string; headers?: Record<string, string> };

function req(path: string, o: TReqOpts = {}): Request {
  const headers = new Headers(o.headers);
  headers.set("x-forwarded-for", o.ip ?? freshIp());
  if (o.origin !== null) headers.set("origin", o.origin ?? APP);
  if (o.token) headers.set("authorization", `Bearer ${o.token}`);
  const hasBody = o.body !== undefined || o.raw !== undefined;
  if (hasBody) headers.set("content-type", o.contentType ?? "application/json");
  return new Request(`${BASE}${path}`, { method: o.method ?? (hasBody ? "POST" : "GET"), headers, body: o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined) });
}

const ctx = {} as never;

async function session(key: string, o: TReqOpts & { existing?: string } = {}): Promise<string> {
  const res = await sessionPOST(req("/api/widget/session", { ...o, body: { key, origin: SITE, token: o.existing } }), ctx);
  expect(res.status).toBe(200);
  return ((await res.json()) as TWidgetSession).token;
}

async function send(token: string, text: string, clientMessageId = randomId("cm"), o: TReqOpts = {}): Promise<Response> {
  return messagesPOST(req("/api/widget/messages", { token, body: { clientMessageId, text }, ...o }), ctx);
}

async function history(token: string, o: TReqOpts = {}): Promise<TWidgetHistory> {
  const res = await messagesGET(req("/api/widget/messages", { token, origin: null, ...o }), ctx);
  expect(res.status).toBe(200);
  return (await res.json()) as TWidgetHistory;
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await ownerPool().query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

/** An agent's message (or note) written as the inbox would, for the visitor's conversation. */
async function agentMessage(tenantId: string, conversationId: string, channelId: string, o: { text: string; isPrivate?: boolean; status?: string; kind?: string }): Promise<string> {
  const id = randomId("msg");
  await asOwner({ tenantId }, (c) =>
    c.query(
      `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, "isPrivate", status, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 'outbound', 'agent', $5, $6, $7, $8, now(), now())`,
      [id, tenantId, conversationId, channelId, o.kind ?? (o.isPrivate ? "note" : "text"), o.text, o.isPrivate ?? false, o.status ?? "sent"],
    ),
  );
  return id;
}

beforeAll(async () => {
  tenant = await createTenantFixture("Widget");
  other = await createTenantFixture("Widget other");
  channel = await createWidgetChannel(tenant.tenantId);
  otherChannel = await createWidgetChannel(other.tenantId);
});

afterAll(async () => {
  await closeTestConnections();
});

describe("POST /api/widget/session", () => {
  it("issues a token for an allowed site and writes nothing", async () => {
    const before = await count(`SELECT count(*) AS n FROM "Contact" WHERE "tenantId" = $1`, [tenant.tenantId]);
    const res = await sessionPOST(req("/api/widget/session", { body: { key: channel.key, origin: SITE } }), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = (await res.json()) as TWidgetSession;
    expect(body.token).toMatch(/^wv1\.[\w-]+\.[\w-]+$/);
    expect(body.channel).toMatchObject({ title: "Chat with us", open: true, brandText: "#ffffff" });
    expect(await count(`SELECT count(*) AS n FROM "Contact" WHERE "tenantId" = $1`, [tenant.tenantId])).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM "ContactIdentity" WHERE "tenantId" = $1`, [tenant.tenantId])).toBe(0);
  });

  it("answers 404 for a malformed, unknown or inactive key", async () => {
    const inactive = await createWidgetChannel(tenant.tenantId, { allowedOrigins: [SITE] }, "disconnected");
    for (const key of ["nope", generateWidgetKey(), inactive.key]) {
      const res = await sessionPOST(req("/api/widget/session", { body: { key, origin: SITE } }), ctx);
      expect(res.status, key).toBe(404);
      expect(await res.json()).toMatchObject({ error: "widget_not_found" });
    }
  });

  it("answers 403 to a site that is not allowed, and to the frame claiming one", async () => {
    for (const origin of ["https://evil.example", "https://evil-shop.example.com", "https://shop.example.com.evil.test", "http://shop.example.com"]) {
      const direct = await sessionPOST(req("/api/widget/session", { origin, body: { key: channel.key } }), ctx);
      expect(direct.status, origin).toBe(403);
      expect(direct.headers.get("access-control-allow-origin")).toBeNull();
      const viaFrame = await sessionPOST(req("/api/widget/session", { body: { key: channel.key, origin } }), ctx);
      expect(viaFrame.status, origin).toBe(403);
    }
    const noOrigin = await sessionPOST(req("/api/widget/session", { body: { key: channel.key } }), ctx);
    expect(noOrigin.status).toBe(403);
  });

  it("recognises its own frame by fetch metadata even under another host name than APP_URL", async () => {
    const res = await sessionPOST(
      req("/api/widget/session", { origin: "http://127.0.0.1:3000", headers: { "sec-fetch-site": "same-origin" }, body: { key: channel.key, origin: SITE } }),
      ctx,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const crossSite = await sessionPOST(req("/api/widget/session", { origin: "http://127.0.0.1:3000", headers: { "sec-fetch-site": "cross-site" }, body: { key: channel.key, origin: SITE } }), ctx);
    expect(crossSite.status).toBe(403);
  });

  it("serves an allowed site directly with CORS for exactly that origin", async () => {
    const res = await sessionPOST(req("/api/widget/session", { origin: SITE, body: { key: channel.key } }), ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("answers CORS preflights for allowed sites only", async () => {
    const ok = await sessionOPTIONS(req(`/api/widget/session?key=${channel.key}`, { method: "OPTIONS", origin: SITE }), ctx);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(ok.headers.get("access-control-allow-headers")).toContain("Authorization");
    const bad = await sessionOPTIONS(req(`/api/widget/session?key=${channel.key}`, { method: "OPTIONS", origin: "https://evil.example" }), ctx);
    expect(bad.status).toBe(403);
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers 400 for bad JSON, 415 for another media type, 413 for an oversized body", async () => {
    expect((await sessionPOST(req("/api/widget/session", { raw: "{ key: " }), ctx)).status).toBe(400);
    expect((await sessionPOST(req("/api/widget/session", { body: { key: 42 } }), ctx)).status).toBe(400);
    expect((await sessionPOST(req("/api/widget/session", { raw: JSON.stringify({ key: channel.key }), contentType: "text/plain" }), ctx)).status).toBe(415);
    expect((await sessionPOST(req("/api/widget/session", { body: { key: channel.key, pad: "x".repeat(5000) } }), ctx)).status).toBe(413);
  });

  it("keeps the visitor for a valid earlier token, and starts a new one for another channel's token", async () => {
    const first = await session(channel.key);
    const again = await session(channel.key, { existing: first });
    const vid = (t: string) => JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString()).vid;
    expect(vid(again)).toBe(vid(first));
    const foreign = signVisitorToken({ vid: "v_AAAAAAAAAAAAAAAAAAAAAA", cid: otherChannel.channelId, tid: other.tenantId, org: SITE }, new Date()).token;
    expect(vid(await session(channel.key, { existing: foreign }))).not.toBe("v_AAAAAAAAAAAAAAAAAAAAAA");
  });
});

describe("POST /api/widget/messages", () => {
  it("stores the first message, creating the contact and conversation only now", async () => {
    const token = await session(channel.key);
    const vid = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).vid as string;
    expect(await count(`SELECT count(*) AS n FROM "ContactIdentity" WHERE "tenantId" = $1 AND value = $2`, [tenant.tenantId, vid])).toBe(0);
    const res = await send(token, "  Hello 👋 مرحبا  ");
    expect(res.status).toBe(201);
    const body = (await res.json()) as TWidgetSendResult;
    expect(body.duplicate).toBe(false);
    expect(body.message).toMatchObject({ from: "visitor", text: "Hello 👋 مرحبا", status: "received" });
    expect(await count(`SELECT count(*) AS n FROM "ContactIdentity" WHERE "tenantId" = $1 AND kind = 'visitor' AND value = $2`, [tenant.tenantId, vid])).toBe(1);
    const { rows } = await ownerPool().query(`SELECT "channelId", direction, "authorType" FROM "Message" WHERE id = $1 AND "tenantId" = $2`, [body.message!.id, tenant.tenantId]);
    expect(rows[0]).toMatchObject({ channelId: channel.channelId, direction: "inbound", authorType: "contact" });
  });

  it("stores a message once however often it is resent (sequential and concurrent retries)", async () => {
    const token = await session(channel.key);
    const clientMessageId = randomId("cm");
    const first = await send(token, "Where is my order?", clientMessageId);
    expect(first.status).toBe(201);
    const id = ((await first.json()) as TWidgetSendResult).message!.id;
    const retries = await Promise.all([1, 2, 3, 4].map(() => send(token, "Where is my order?", clientMessageId)));
    for (const r of retries) {
      expect(r.status).toBe(200);
      const b = (await r.json()) as TWidgetSendResult;
      expect(b).toMatchObject({ duplicate: true, message: { id } });
    }
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND "clientMessageId" = $2`, [tenant.tenantId, clientMessageId])).toBe(1);
    // Concurrent first sends of a brand-new message race too.
    const fresh = randomId("cm");
    const racers = await Promise.all([1, 2, 3].map(() => send(token, "Racing", fresh)));
    expect(racers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(await count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND "clientMessageId" = $2`, [tenant.tenantId, fresh])).toBe(1);
  });

  it("does not let another visitor's clientMessageId swallow a message", async () => {
    const a = await session(channel.key);
    const b = await session(channel.key);
    const shared = randomId("cm");
    expect((await send(a, "from A", shared)).status).toBe(201);
    const resB = await send(b, "from B", shared);
    expect(resB.status).toBe(201);
    expect(((await resB.json()) as TWidgetSendResult).message?.text).toBe("from B");
  });

  it("answers 401 without a token, with a tampered one, or an expired one", async () => {
    const token = await session(channel.key);
    expect((await messagesPOST(req("/api/widget/messages", { body: { clientMessageId: randomId("cm"), text: "hi" } }), ctx)).status).toBe(401);
    const [p, payload, m] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, vid: "v_BBBBBBBBBBBBBBBBBBBBBB" })).toString("base64url");
    const res = await send(`${p}.${forged}.${m}`, "hi");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_token" });
    const expired = signVisitorToken({ vid: claims.vid, cid: channel.channelId, tid: tenant.tenantId, org: SITE }, new Date(Date.now() - 10_000), 5).token;
    const res2 = await send(expired, "hi");
    expect(res2.status).toBe(401);
    expect(await res2.json()).toMatchObject({ error: "token_expired" });
  });

  it("answers 413 above 4000 characters or the byte limit, 400 for bad JSON or an empty message, 415 for another type", async () => {
    const token = await session(channel.key);
    expect((await send(token, "😀".repeat(4000))).status).toBe(201); // 4000 characters, 8000 UTF-16 units
    const long = await send(token, "a".repeat(4001));
    expect(long.status).toBe(413);
    expect(await long.json()).toMatchObject({ error: "message_too_long", details: { maxChars: 4000 } });
    const huge = await messagesPOST(req("/api/widget/messages", { token, raw: JSON.stringify({ clientMessageId: randomId("cm"), text: "a".repeat(70_000) }) }), ctx);
    expect(huge.status).toBe(413);
    expect((await messagesPOST(req("/api/widget/messages", { token, raw: '{"text": "hi"' }), ctx)).status).toBe(400);
    expect((await messagesPOST(req("/api/widget/messages", { token, body: { clientMessageId: "short", text: "hi" } }), ctx)).status).toBe(400);
    expect((await send(token, "   \n  ")).status).toBe(400);
    expect((await messagesPOST(req("/api/widget/messages", { token, raw: "hi", contentType: "text/plain" }), ctx)).status).toBe(415);
  });

  it("answers 403 to a disallowed origin, and once the site is removed from the settings", async () => {
    const own = await createWidgetChannel(tenant.tenantId, { allowedOrigins: [SITE] });
    const token = await session(own.key);
    expect((await send(token, "hi", randomId("cm"), { origin: "https://evil.example" })).status).toBe(403);
    expect((await send(token, "hi", randomId("cm"), { origin: null, headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await send(token, "hi", randomId("cm"), { origin: SITE })).status).toBe(201);
    await asOwner({ tenantId: tenant.tenantId }, (c) => c.query(`UPDATE "Channel" SET settings = $2::jsonb WHERE id = $1`, [own.channelId, JSON.stringify({ allowedOrigins: ["https://new.example.com"] })]));
    expect((await send(token, "hi")).status).toBe(403);
  });

  it("rate limits per visitor, then per client address (429 with Retry-After)", async () => {
    const token = await session(channel.key);
    const budget = widgetByVisitor.spec.points * env.RATE_LIMIT_SCALE;
    for (let i = 0; i < budget; i++) expect((await send(token, `msg ${i}`)).status).toBe(201);
    const limited = await send(token, "one too many");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another visitor is not affected.
    expect((await send(await session(channel.key), "hello")).status).toBe(201);

    const ip = freshIp();
    const perIp = publicApiByIp.spec.points * env.RATE_LIMIT_SCALE;
    let last: Response | undefined;
    for (let i = 0; i <= perIp; i++) last = await messagesGET(req("/api/widget/messages", { ip, token: "wv1.bad.token" }), ctx);
    expect(last!.status).toBe(429);
    expect(await last!.json()).toMatchObject({ error: "rate_limited" });
  });
});

describe("GET /api/widget/messages", () => {
  it("returns the visitor's conversation without private notes, queued or failed agent messages", async () => {
    const token = await session(channel.key);
    const sent = (await (await send(token, "Is the blue one in stock?")).json()) as TWidgetSendResult;
    const conversationId = sent.message!.conversationId;
    await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "INTERNAL: customer is VIP", isPrivate: true });
    await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "draft not yet sent", status: "queued" });
    await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "this one failed", status: "failed" });
    await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "Yes, we have it!", status: "sent" });
    const h = await history(token);
    expect(h.messages.map((m) => [m.from, m.text])).toEqual([
      ["visitor", "Is the blue one in stock?"],
      ["agent", "Yes, we have it!"],
    ]);
    expect(JSON.stringify(h)).not.toContain("INTERNAL");
    expect(Number(h.cursor)).toBeGreaterThan(0);
  });

  it("never shows visitor A the conversation of visitor B, with A's token or a forged one", async () => {
    const a = await session(channel.key);
    const b = await session(channel.key);
    await send(a, "A's secret question");
    await send(b, "B's secret question");
    expect((await history(a)).messages.map((m) => m.text)).toEqual(["A's secret question"]);
    expect((await history(b)).messages.map((m) => m.text)).toEqual(["B's secret question"]);
    // A edits their token to carry B's visitor id: the signature no longer matches.
    const claimsOf = (t: string) => JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString());
    const [p, , mac] = a.split(".");
    const forged = `${p}.${Buffer.from(JSON.stringify({ ...claimsOf(a), vid: claimsOf(b).vid })).toString("base64url")}.${mac}`;
    const res = await messagesGET(req("/api/widget/messages", { token: forged, origin: null }), ctx);
    expect(res.status).toBe(401);
    // A token signed for another tenant's channel sees only that channel's (empty) history.
    const foreign = signVisitorToken({ vid: claimsOf(a).vid, cid: otherChannel.channelId, tid: other.tenantId, org: SITE }, new Date()).token;
    expect((await history(foreign)).messages).toEqual([]);
  });

  it("is empty before the first message", async () => {
    expect(await history(await session(channel.key))).toEqual({ messages: [], cursor: "0" });
  });
});

describe("POST /api/widget/ack", () => {
  it("moves agent messages forward to delivered and read, never back, and only the visitor's own", async () => {
    const token = await session(channel.key);
    const stranger = await session(channel.key);
    const sent = (await (await send(token, "hi")).json()) as TWidgetSendResult;
    const reply = await agentMessage(tenant.tenantId, sent.message!.conversationId, channel.channelId, { text: "Hello!" });
    const status = async () => (await ownerPool().query(`SELECT status, "deliveredAt", "readAt" FROM "Message" WHERE id = $1 AND "tenantId" = $2`, [reply, tenant.tenantId])).rows[0];

    await send(stranger, "me too");
    const notMine = await ackPOST(req("/api/widget/ack", { token: stranger, body: { messageIds: [reply], status: "read" } }), ctx);
    expect(await notMine.json()).toEqual({ updated: 0 });
    expect((await status()).status).toBe("sent");

    expect(await (await ackPOST(req("/api/widget/ack", { token, body: { messageIds: [reply], status: "delivered" } }), ctx)).json()).toEqual({ updated: 1 });
    expect(await status()).toMatchObject({ status: "delivered", readAt: null });
    expect(await (await ackPOST(req("/api/widget/ack", { token, body: { messageIds: [reply], status: "read" } }), ctx)).json()).toEqual({ updated: 1 });
    const read = await status();
    expect(read.status).toBe("read");
    expect(read.deliveredAt).not.toBeNull();
    expect(read.readAt).not.toBeNull();
    expect(await (await ackPOST(req("/api/widget/ack", { token, body: { messageIds: [reply], status: "delivered" } }), ctx)).json()).toEqual({ updated: 0 });
    expect((await status()).status).toBe("read");

    expect((await ackPOST(req("/api/widget/ack", { token, body: { messageIds: [], status: "read" } }), ctx)).status).toBe(400);
    expect((await ackPOST(req("/api/widget/ack", { token, body: { messageIds: [reply], status: "seen" } }), ctx)).status).toBe(400);
  });
});

/** Reads server-sent events from a stream until `until` says stop (or the time is up). */
async function readEvents(res: Response, until: (events: { id: string; data: TWidgetMessage }[]) => boolean, timeoutMs = 5000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { id: string; data: TWidgetMessage }[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  while (!until(events) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id && data) events.push({ id, data: JSON.parse(data) });
    }
  }
  return events;
}

describe("GET /api/widget/events", () => {
  it("streams new public messages live, and replays what was missed after Last-Event-ID", async () => {
    const token = await session(channel.key);
    const first = (await (await send(token, "Anyone there?")).json()) as TWidgetSendResult;
    const conversationId = first.message!.conversationId;
    const { cursor } = await history(token);

    const abort = new AbortController();
    const live = await eventsGET(new Request(`${BASE}/api/widget/events?since=${cursor}`, { signal: abort.signal, headers: { authorization: `Bearer ${token}`, "x-forwarded-for": freshIp() } }), ctx);
    expect(live.status).toBe(200);
    expect(live.headers.get("content-type")).toContain("text/event-stream");
    expect(live.headers.get("cache-control")).toContain("no-transform");

    const note = await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "private: check fraud score", isPrivate: true });
    await publish(tenant.tenantId, { type: "message.created", conversationId, messageId: note });
    const reply = await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "Yes! How can I help?" });
    await publish(tenant.tenantId, { type: "message.created", conversationId, messageId: reply });
    const events = await readEvents(live, (e) => e.some((x) => x.data.id === reply));
    expect(events.map((e) => e.data.text)).toContain("Yes! How can I help?");
    expect(events.some((e) => e.data.id === note)).toBe(false);
    const lastId = events.at(-1)!.id;
    abort.abort();

    // While disconnected: another reply. The reconnect with Last-Event-ID gets it (and never the note).
    await new Promise((r) => setTimeout(r, 5));
    const missed = await agentMessage(tenant.tenantId, conversationId, channel.channelId, { text: "Are you still there?" });
    const abort2 = new AbortController();
    const again = await eventsGET(
      new Request(`${BASE}/api/widget/events`, { signal: abort2.signal, headers: { authorization: `Bearer ${token}`, "last-event-id": lastId, "x-forwarded-for": freshIp() } }),
      ctx,
    );
    const replayed = await readEvents(again, (e) => e.some((x) => x.data.id === missed));
    abort2.abort();
    expect(replayed.map((e) => e.data.id)).toContain(missed);
    expect(replayed.some((e) => e.data.id === note)).toBe(false);
    expect(replayed.every((e) => e.data.conversationId === conversationId)).toBe(true);
  });

  it("refuses a bad token and a disallowed origin", async () => {
    const bad = await eventsGET(new Request(`${BASE}/api/widget/events`, { headers: { authorization: "Bearer wv1.x.y", "x-forwarded-for": freshIp() } }), ctx);
    expect(bad.status).toBe(401);
    const token0 = await session(channel.key);
    // Tokens are never accepted from the URL, where access logs would keep them.
    expect((await eventsGET(new Request(`${BASE}/api/widget/events?token=${encodeURIComponent(token0)}`, { headers: { "x-forwarded-for": freshIp() } }), ctx)).status).toBe(401);
    const token = await session(channel.key);
    const evil = await eventsGET(new Request(`${BASE}/api/widget/events`, { headers: { authorization: `Bearer ${token}`, origin: "https://evil.example", "x-forwarded-for": freshIp() } }), ctx);
    expect(evil.status).toBe(403);
  });
});
