import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { channelSecretAad } from "@/lib/crypto/encrypted-fields";
import { FAKE, startFakeProviders, type TFakeProviders } from "./testing/fake-providers";

/**
 * Connecting and disconnecting channels through the real action chain
 * (authenticated → tenant → admin role → zod → service) on PostgreSQL as
 * sotto_app under RLS, with Meta and Twilio answered by fakes on loopback.
 * Only the framework's request plumbing (session, headers, revalidation) is
 * stood in for.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("@/lib/http/request-context", () => ({
  requestContext: async () => ({ requestId: "test-request", ip: "203.0.113.9", ipPrefix: "203.0.113.0/24", userAgent: "vitest" }),
  requestContextFrom: () => ({ requestId: "test-request", ip: "203.0.113.9", ipPrefix: "203.0.113.0/24", userAgent: "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
let fake: TFakeProviders;
let t: TTenantFixture;
let other: TTenantFixture;
const users = {} as Record<"admin" | "agent", { id: string; email: string }>;

type TMods = typeof import("./actions/connect-twilio") &
  typeof import("./actions/connect-whatsapp") &
  typeof import("./actions/complete-embedded-signup") &
  typeof import("./actions/connect-meta-page") &
  typeof import("./actions/connect-email") &
  typeof import("./actions/connect-widget") &
  typeof import("./actions/disconnect-channel") &
  typeof import("./actions/update-widget-settings") &
  typeof import("@/lib/inbox/channel-route") &
  typeof import("@/lib/inbox/twilio/webhook") &
  typeof import("@/lib/db/client");
let m: TMods;

beforeAll(async () => {
  fake = await startFakeProviders();
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.stubEnv("META_GRAPH_BASE_URL", fake.graphBaseUrl);
  vi.stubEnv("TWILIO_API_BASE_URL", fake.url);
  vi.stubEnv("META_APP_ID", FAKE.appId);
  vi.stubEnv("META_APP_SECRET", FAKE.appSecret);
  vi.resetModules();
  m = {
    ...(await import("./actions/connect-twilio")),
    ...(await import("./actions/connect-whatsapp")),
    ...(await import("./actions/complete-embedded-signup")),
    ...(await import("./actions/connect-meta-page")),
    ...(await import("./actions/connect-email")),
    ...(await import("./actions/connect-widget")),
    ...(await import("./actions/disconnect-channel")),
    ...(await import("./actions/update-widget-settings")),
    ...(await import("@/lib/inbox/channel-route")),
    ...(await import("@/lib/inbox/twilio/webhook")),
    ...(await import("@/lib/db/client")),
  };
  t = await createTenantFixture("Channels");
  other = await createTenantFixture("Other channels");
  for (const role of ["admin", "agent"] as const) {
    users[role] = { id: randomId("u"), email: `${role}.${randomId("")}@fixture.test` };
    await asOwner({ tenantId: t.tenantId, userId: users[role].id }, async (c) => {
      await c.query(`INSERT INTO "User" (id, email) VALUES ($1, $2)`, [users[role].id, users[role].email]);
      await c.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, $4, now())`, [randomId("m"), t.tenantId, users[role].id, role]);
    });
  }
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

beforeEach(() => {
  session.user = { ...users.admin, name: null };
  fake.requests.length = 0;
});

type TRow = { id: string; type: string; status: string; externalId: string; credentials: string | null; webhookSecret: string | null; settings: Record<string, unknown>; sandbox: boolean };
const channel = async (id: string) => (await ownerPool().query<TRow>(`SELECT * FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, id])).rows[0]!;
const auditActions = async () => (await ownerPool().query(`SELECT action, metadata FROM "AuditEvent" WHERE "tenantId" = $1 ORDER BY seq`, [t.tenantId])).rows as { action: string; metadata: Record<string, unknown> }[];
const snapshot = async () => ({
  channels: (await ownerPool().query(`SELECT id, status, credentials FROM "Channel" WHERE "tenantId" = $1 ORDER BY id`, [t.tenantId])).rows,
  audit: (await auditActions()).length,
});
const decrypt = (row: TRow, column: "credentials" | "webhookSecret" = "credentials") => ring.decrypt(row[column]!, channelSecretAad(column, t.tenantId, row.id));

const twilioInput = (over: Record<string, unknown> = {}) => ({
  type: "twilio_sms" as const,
  name: "Support SMS",
  sandbox: false,
  accountSid: FAKE.twilioSid,
  authToken: FAKE.twilioToken,
  sender: "number" as const,
  phoneNumber: "+1 415 555 0123",
  messagingServiceSid: "",
  ...over,
});

function twilioDelivery(to: string) {
  const body = new URLSearchParams({ MessageSid: `SM${"1".repeat(32)}`, AccountSid: FAKE.twilioSid, From: "+393331234567", To: to, Body: "hello" });
  return new Request("http://localhost:3000/api/webhooks/twilio", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
}

describe("connect Twilio", () => {
  let id: string;

  it("checks the account with Twilio, stores SID and token encrypted (bound to the row) and audits without secrets", async () => {
    const r = await m.connectTwilio(t.tenantId, twilioInput());
    expect(r?.serverError).toBeUndefined();
    expect(r?.validationErrors).toBeUndefined();
    id = r!.data!.id;
    const row = await channel(id);
    expect(row).toMatchObject({ type: "twilio_sms", status: "active", externalId: FAKE.twilioNumber, sandbox: false });
    expect(row.credentials).not.toContain(FAKE.twilioToken);
    expect(row.webhookSecret).not.toContain(FAKE.twilioToken);
    expect(JSON.parse(decrypt(row))).toEqual({ accountSid: FAKE.twilioSid, authToken: FAKE.twilioToken, from: FAKE.twilioNumber });
    expect(decrypt(row, "webhookSecret")).toBe(FAKE.twilioToken);
    expect(row.settings).toEqual({ sender: "number", accountSidHint: "AC…cdef" });
    expect(fake.requests.map((q) => q.path)).toEqual([`/2010-04-01/Accounts/${FAKE.twilioSid}.json`, `/2010-04-01/Accounts/${FAKE.twilioSid}/IncomingPhoneNumbers.json`]);

    const audit = (await auditActions()).filter((a) => a.action === "channel.connected").at(-1)!;
    expect(audit.metadata).toMatchObject({ type: "twilio_sms", externalId: FAKE.twilioNumber, method: "manual", sandbox: false });
    expect(JSON.stringify(audit.metadata)).not.toContain(FAKE.twilioToken);
  });

  it("a ciphertext moved to another channel row does not decrypt (AAD binds it to its row)", async () => {
    const row = await channel(id);
    const otherId = randomId("ch");
    expect(() => ring.decrypt(row.credentials!, channelSecretAad("credentials", t.tenantId, otherId))).toThrow(/authentication/);
    expect(() => ring.decrypt(row.credentials!, channelSecretAad("credentials", other.tenantId, id))).toThrow(/authentication/);
    expect(() => ring.decrypt(row.credentials!, channelSecretAad("webhookSecret", t.tenantId, id))).toThrow(/authentication/);
  });

  it("the same number cannot be connected twice", async () => {
    const r = await m.connectTwilio(t.tenantId, twilioInput());
    expect(r?.serverError).toMatch(/already connected in this workspace/);
  });

  it("disconnect deletes both secrets in the same change, routing answers disconnected and webhooks are refused", async () => {
    m.clearChannelRouteCache();
    expect((await m.handleTwilioWebhook(twilioDelivery(FAKE.twilioNumber))).status).toBe(401); // routed, then the unsigned request fails its signature
    const r = await m.disconnectChannel(t.tenantId, { channelId: id });
    expect(r?.serverError).toBeUndefined();
    const row = await channel(id);
    expect(row).toMatchObject({ status: "disconnected", credentials: null, webhookSecret: null });
    expect(await m.routeChannel("twilio_sms", FAKE.twilioNumber)).toMatchObject({ channelId: id, status: "disconnected", webhookSecret: null });
    const refused = await m.handleTwilioWebhook(twilioDelivery(FAKE.twilioNumber));
    expect(refused.status).toBe(404);
    expect((await auditActions()).at(-1)).toMatchObject({ action: "channel.disconnected", metadata: { externalId: FAKE.twilioNumber } });
    expect((await m.disconnectChannel(t.tenantId, { channelId: id }))?.serverError).toMatch(/already disconnected/);
  });

  it("reconnecting needs the credentials again and brings the same row back", async () => {
    const missing = await m.connectTwilio(t.tenantId, twilioInput({ authToken: "" }));
    expect(missing?.validationErrors?.authToken?._errors?.[0]).toMatch(/auth token/);
    const r = await m.connectTwilio(t.tenantId, twilioInput());
    expect(r?.data?.id).toBe(id);
    expect(await channel(id)).toMatchObject({ status: "active" });
    expect(decrypt(await channel(id), "webhookSecret")).toBe(FAKE.twilioToken);
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const before = await snapshot();
    const bad = await m.connectTwilio(t.tenantId, twilioInput({ accountSid: "AC123", phoneNumber: "555-0123" }));
    expect(bad?.validationErrors?.accountSid?._errors?.[0]).toMatch(/AC followed by 32 hexadecimal/);
    expect(bad?.validationErrors?.phoneNumber?._errors?.[0]).toMatch(/international format/);
    const service = await m.connectTwilio(t.tenantId, twilioInput({ sender: "service", phoneNumber: "", messagingServiceSid: "MGxyz" }));
    expect(service?.validationErrors?.messagingServiceSid?._errors?.[0]).toMatch(/MG followed by 32/);
    const wrongToken = await m.connectTwilio(t.tenantId, twilioInput({ phoneNumber: "+14155550100", authToken: "0".repeat(32) }));
    expect(wrongToken?.validationErrors?.authToken?._errors?.[0]).toBe("Twilio refused this Account SID and auth token.");
    const notMine = await m.connectTwilio(t.tenantId, twilioInput({ phoneNumber: "+14155550100" }));
    expect(notMine?.validationErrors?.phoneNumber?._errors?.[0]).toMatch(/not one of the Twilio account's phone numbers/);
    expect(await snapshot()).toEqual(before);
  });

  it("a sandbox channel needs no live credentials and never calls Twilio", async () => {
    const r = await m.connectTwilio(t.tenantId, twilioInput({ sandbox: true, accountSid: "", authToken: "", phoneNumber: "+14155550142" }));
    const row = await channel(r!.data!.id);
    expect(row).toMatchObject({ sandbox: true, credentials: null, webhookSecret: null, status: "active" });
    expect(fake.requests).toEqual([]);
  });
});

describe("roles and tenancy", () => {
  it("an agent is refused every channel mutation, and nothing changes", async () => {
    const row = (await ownerPool().query(`SELECT id FROM "Channel" WHERE "tenantId" = $1 AND status = 'active' LIMIT 1`, [t.tenantId])).rows[0] as { id: string };
    session.user = { ...users.agent, name: null };
    const before = await snapshot();
    for (const r of [
      await m.connectTwilio(t.tenantId, twilioInput({ sandbox: true, phoneNumber: "+14155550143" })),
      await m.connectWidget(t.tenantId, { name: "Chat", settings: {} }),
      await m.disconnectChannel(t.tenantId, { channelId: row.id }),
      await m.updateWidgetSettings(t.tenantId, { channelId: row.id, settings: {} }),
    ]) {
      expect(r?.serverError).toMatch(/needs the admin role/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("another workspace's channel cannot be disconnected (RLS: it does not exist there)", async () => {
    const foreign = randomId("ch");
    await asOwner({ tenantId: other.tenantId }, (c) =>
      c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", "updatedAt") VALUES ($1, $2, 'widget', 'Theirs', $3, now())`, [foreign, other.tenantId, `pk_${randomId("").slice(0, 24)}`]),
    );
    const r = await m.disconnectChannel(t.tenantId, { channelId: foreign });
    expect(r?.serverError).toMatch(/does not exist/);
    expect((await ownerPool().query(`SELECT status FROM "Channel" WHERE id = $1`, [foreign])).rows[0]).toEqual({ status: "active" });
  });

  it("a routing key active in another workspace is a conflict that does not name it; a disconnected one is released", async () => {
    const number = "+14155550177";
    const theirs = randomId("ch");
    await asOwner({ tenantId: other.tenantId }, (c) =>
      c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", status, sandbox, "updatedAt") VALUES ($1, $2, 'twilio_sms', 'Theirs', $3, 'active', true, now())`, [theirs, other.tenantId, number]),
    );
    const conflict = await m.connectTwilio(t.tenantId, twilioInput({ sandbox: true, phoneNumber: number }));
    expect(conflict?.serverError).toMatch(/connected in another Sotto workspace/);
    expect(conflict?.serverError).not.toContain(other.name);

    await ownerPool().query(`UPDATE "Channel" SET status = 'disconnected' WHERE id = $1`, [theirs]);
    const taken = await m.connectTwilio(t.tenantId, twilioInput({ sandbox: true, phoneNumber: number }));
    expect(taken?.data?.id).toBeTruthy();
    expect((await ownerPool().query(`SELECT "externalId" FROM "Channel" WHERE id = $1`, [theirs])).rows[0]).toEqual({ externalId: `${number}~released~${theirs}` });
  });
});

describe("delivery log", () => {
  it("lists a channel's deliveries newest first with filters, and never another workspace's", async () => {
    const { listDeliveries, listChannels } = await import("./queries");
    const mine = randomId("ch");
    const theirs = randomId("ch");
    await asOwner({ tenantId: t.tenantId }, (c) =>
      c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", sandbox, "updatedAt") VALUES ($1, $2, 'twilio_sms', 'Logged', $3, true, now())`, [mine, t.tenantId, `+1415555${Math.floor(1000 + Math.random() * 8999)}`]),
    );
    await asOwner({ tenantId: other.tenantId }, (c) =>
      c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", "updatedAt") VALUES ($1, $2, 'twilio_sms', 'Theirs', $3, now())`, [theirs, other.tenantId, `+1628555${Math.floor(1000 + Math.random() * 8999)}`]),
    );
    const log = (tenantId: string, channelId: string, outcome: string, http: number, minutesAgo: number) =>
      asOwner({ tenantId }, (c) =>
        c.query(`INSERT INTO "DeliveryLog" (id, "tenantId", "channelId", outcome, "httpStatus", "createdAt") VALUES ($1, $2, $3, $4, $5, now() - make_interval(mins => $6))`, [randomId("dl"), tenantId, channelId, outcome, http, minutesAgo]),
      );
    await log(t.tenantId, mine, "accepted", 200, 3);
    await log(t.tenantId, mine, "invalid_signature", 401, 2);
    await log(t.tenantId, mine, "duplicate", 200, 1);
    await log(other.tenantId, theirs, "accepted", 200, 1);

    const all = await listDeliveries(t.tenantId, mine, {});
    expect(all.rows.map((r) => r.outcome)).toEqual(["duplicate", "invalid_signature", "accepted"]);
    expect((await listDeliveries(t.tenantId, mine, { show: "failures" })).rows.map((r) => [r.outcome, r.httpStatus])).toEqual([["invalid_signature", 401]]);
    expect((await listDeliveries(t.tenantId, mine, { outcome: "accepted" })).rows).toHaveLength(1);
    // Another workspace's channel id through this tenant: RLS leaves nothing to see.
    expect((await listDeliveries(t.tenantId, theirs, {})).rows).toEqual([]);
    expect((await listChannels(t.tenantId)).map((c) => c.id)).not.toContain(theirs);
    expect((await listChannels(t.tenantId)).find((c) => c.id === mine)?.lastDelivery).toMatchObject({ outcome: "duplicate" });
  });
});

describe("connect WhatsApp", () => {
  it("Embedded Signup: the code is exchanged server-side, the app subscribed, the number registered, the token stored encrypted", async () => {
    const r = await m.completeEmbeddedSignup(t.tenantId, { name: "WhatsApp", code: FAKE.signupCode, phoneNumberId: FAKE.phoneNumberId, wabaId: FAKE.wabaId });
    expect(r?.serverError).toBeUndefined();
    const exchange = fake.requests[0]!;
    expect([exchange.method, exchange.path, exchange.query.get("client_id"), exchange.query.get("code")]).toEqual(["GET", "/v21.0/oauth/access_token", FAKE.appId, FAKE.signupCode]);
    expect(fake.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
      "GET /v21.0/oauth/access_token",
      `POST /v21.0/${FAKE.wabaId}/subscribed_apps`,
      `GET /v21.0/${FAKE.phoneNumberId}`,
      `POST /v21.0/${FAKE.phoneNumberId}/register`,
    ]);
    const row = await channel(r!.data!.id);
    expect(row).toMatchObject({ type: "whatsapp", externalId: FAKE.phoneNumberId, sandbox: false });
    expect(row.settings).toMatchObject({ wabaId: FAKE.wabaId, displayPhoneNumber: "+1 415-555-0199", verifiedName: "Acme Shop", webhookSubscribed: true, registeredBySotto: true });
    expect(row.credentials).not.toContain(FAKE.businessToken);
    const creds = JSON.parse(decrypt(row));
    expect(creds.accessToken).toBe(FAKE.businessToken);
    expect(creds.registrationPin).toBe(JSON.parse(fake.requests[3]!.body).pin);
    const audit = (await auditActions()).at(-1)!;
    expect(audit).toMatchObject({ action: "channel.connected", metadata: { method: "embedded_signup" } });
    expect(JSON.stringify(audit.metadata)).not.toContain(FAKE.businessToken);
  });

  it("Embedded Signup: a used or forged code is refused with Meta's reason, nothing stored", async () => {
    const before = await snapshot();
    const r = await m.completeEmbeddedSignup(t.tenantId, { name: "WhatsApp 2", code: "AQD-forged-code-0000", phoneNumberId: "106540352200000", wabaId: FAKE.wabaId });
    expect(r?.serverError).toMatch(/Meta did not accept the sign-up \(Invalid verification code format\.\)/);
    expect(await snapshot()).toEqual(before);
  });

  it("manual entry validates ids as numbers and the token with Meta", async () => {
    const bad = await m.connectWhatsApp(t.tenantId, { name: "WA", sandbox: false, phoneNumberId: "abc", wabaId: FAKE.wabaId, accessToken: "x" });
    expect(bad?.validationErrors?.phoneNumberId?._errors?.[0]).toMatch(/numbers/);
    const refused = await m.connectWhatsApp(t.tenantId, { name: "WA", sandbox: false, phoneNumberId: FAKE.phoneNumberId, wabaId: FAKE.wabaId, accessToken: "EAA-wrong" });
    expect(refused?.validationErrors?.accessToken?._errors?.[0]).toMatch(/refused this access token/);
    const unknown = await m.connectWhatsApp(t.tenantId, { name: "WA", sandbox: false, phoneNumberId: "106540352211111", wabaId: FAKE.wabaId, accessToken: FAKE.businessToken });
    expect(unknown?.validationErrors?.phoneNumberId?._errors?.[0]).toMatch(/does not know this phone number id/);
  });
});

describe("connect Messenger / Instagram", () => {
  it("validates the Page token with GET /{page-id}?fields=name and stores it encrypted", async () => {
    const r = await m.connectMetaPage(t.tenantId, { type: "messenger", name: "Facebook Page", sandbox: false, externalId: FAKE.pageId, pageAccessToken: FAKE.pageToken });
    expect(r?.serverError).toBeUndefined();
    expect(fake.requests[0]).toMatchObject({ method: "GET", path: `/v21.0/${FAKE.pageId}`, auth: `Bearer ${FAKE.pageToken}` });
    expect(fake.requests[0]!.query.get("fields")).toBe("name");
    const row = await channel(r!.data!.id);
    expect(row.settings).toEqual({ pageName: "Acme Shop" });
    expect(JSON.parse(decrypt(row))).toEqual({ pageAccessToken: FAKE.pageToken });
  });

  it("an expired token is a field error", async () => {
    const r = await m.connectMetaPage(t.tenantId, { type: "instagram", name: "IG", sandbox: false, externalId: FAKE.pageId, pageAccessToken: "EAA-expired" });
    expect(r?.validationErrors?.pageAccessToken?._errors?.[0]).toMatch(/refused this token/);
  });
});

describe("connect email", () => {
  it("refuses hosts that are URLs and ports out of range, per field", async () => {
    const r = await m.connectEmail(t.tenantId, {
      name: "Support",
      sandbox: false,
      address: "not-an-address",
      imap: { host: "https://imap.example.com/", port: "993", secure: true, user: "u", pass: "p" },
      smtp: { host: "smtp.example.com", port: "99999", secure: true, user: "u", pass: "p" },
    } as never);
    expect(r?.validationErrors?.address?._errors?.[0]).toMatch(/email address/);
    expect(r?.validationErrors?.imap?.host?._errors?.[0]).toMatch(/no https:\/\//);
    expect(r?.validationErrors?.smtp?.port?._errors?.[0]).toMatch(/1–65535/);
  });

  it("a sandbox mailbox needs only its address", async () => {
    const r = await m.connectEmail(t.tenantId, { name: "Demo inbox", sandbox: true, address: "Demo@Acme.test", imap: { host: "", port: "", secure: true, user: "", pass: "" }, smtp: { host: "", port: "", secure: true, user: "", pass: "" } } as never);
    const row = await channel(r!.data!.id);
    expect(row).toMatchObject({ type: "email", externalId: "demo@acme.test", sandbox: true, credentials: null });
  });
});

describe("widget", () => {
  it("gets a public key, validated settings, and settings changes are audited", async () => {
    const r = await m.connectWidget(t.tenantId, { name: "Website", settings: { allowedOrigins: ["https://shop.example.com/"], brandColor: "#0F766E" } });
    const row = await channel(r!.data!.id);
    expect(row.externalId).toMatch(/^pk_[0-9A-Za-z]{24}$/);
    expect(row.settings).toMatchObject({ allowedOrigins: ["https://shop.example.com"], brandColor: "#0f766e", position: "right" });

    const bad = await m.updateWidgetSettings(t.tenantId, { channelId: row.id, settings: { allowedOrigins: ["https://shop.example.com/path"], brandColor: "teal" } });
    expect(bad?.validationErrors?.settings?.brandColor?._errors?.[0]).toMatch(/#4f46e5/);
    expect(JSON.stringify(bad?.validationErrors?.settings?.allowedOrigins)).toMatch(/Enter an origin/);

    const ok = await m.updateWidgetSettings(t.tenantId, { channelId: row.id, settings: { allowedOrigins: ["https://shop.example.com"], greeting: "Ciao!" } });
    expect(ok?.serverError).toBeUndefined();
    expect((await channel(row.id)).settings).toMatchObject({ greeting: "Ciao!" });
    expect((await auditActions()).at(-1)).toMatchObject({ action: "channel.updated", metadata: { changed: expect.arrayContaining(["greeting", "brandColor"]) } });
  });
});
