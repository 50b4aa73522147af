import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { channelSecretAad } from "@/lib/crypto/encrypted-fields";
import { startFakeSmtp, type TFakeSmtp } from "@/lib/outbound/testing/fake-providers";
import { startTestImap, type TTestImap } from "@/lib/email-channel/testing/imap-server";

/**
 * Email channels: IMAP/SMTP credentials checked against real servers on
 * loopback (hoodiecrow-imap, smtp-server) before they are stored, and the
 * Gmail/Outlook OAuth flow (state, PKCE, code exchange against a fake token
 * endpoint, XOAUTH2 login proving the mailbox) through completeEmailOAuth.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("@/lib/http/request-context", () => ({
  requestContext: async () => ({ requestId: "test-request", ip: null, ipPrefix: null, userAgent: "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
let t: TTenantFixture;
let imap: TTestImap;
let smtp: TFakeSmtp;
let tokenServer: Server;
let tokenUrl: string;
const grants: Record<string, string>[] = [];
let agent: { id: string; email: string };

type TMods = typeof import("./actions/connect-email") & typeof import("./email-oauth") & typeof import("@/lib/db/client");
let m: TMods;

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.resetModules();
  m = { ...(await import("./actions/connect-email")), ...(await import("./email-oauth")), ...(await import("@/lib/db/client")) };
  t = await createTenantFixture("Email connect");
  agent = { id: randomId("u"), email: `agent.${randomId("")}@fixture.test` };
  await asOwner({ tenantId: t.tenantId, userId: agent.id }, async (c) => {
    await c.query(`INSERT INTO "User" (id, email) VALUES ($1, $2)`, [agent.id, agent.email]);
    await c.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, 'agent', now())`, [randomId("m"), t.tenantId, agent.id]);
  });
  imap = await startTestImap({ user: "support@shop.test", pass: "imap-test-password", accessToken: "ya29.fresh-token" });
  smtp = await startFakeSmtp();
  tokenServer = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      grants.push(form);
      res.writeHead(form.code === "good-code" ? 200 : 400, { "Content-Type": "application/json" });
      res.end(JSON.stringify(form.code === "good-code" ? { access_token: "ya29.fresh-token", refresh_token: "1//0g-refresh", expires_in: 3599, scope: "https://mail.google.com/", token_type: "Bearer" } : { error: "invalid_grant", error_description: "Malformed auth code." }));
    });
  });
  await new Promise<void>((r) => tokenServer.listen(0, "127.0.0.1", r));
  tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await imap.close();
  await smtp.close();
  await new Promise<void>((r) => tokenServer.close(() => r()));
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const owner = () => ({ id: t.userId, email: t.email, name: null });
const server = (over: Record<string, unknown> = {}) => ({ host: "127.0.0.1", port: String(imap.port), secure: false, user: imap.user, pass: imap.pass, ...over });
const smtpServer = (over: Record<string, unknown> = {}) => ({ host: smtp.host, port: String(smtp.port), secure: false, user: smtp.user, pass: smtp.pass, ...over });

describe("IMAP/SMTP credentials", () => {
  it("are checked by logging in to both servers, then stored encrypted", async () => {
    session.user = owner();
    const r = await m.connectEmail(t.tenantId, { name: "Support", sandbox: false, address: "support@shop.test", fromName: "Shop support", imap: server(), smtp: smtpServer() } as never);
    expect(r?.serverError).toBeUndefined();
    expect(r?.validationErrors).toBeUndefined();
    const row = (await ownerPool().query(`SELECT id, credentials, settings FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, r!.data!.id])).rows[0];
    expect(row.credentials).not.toContain(imap.pass);
    expect(row.credentials).not.toContain(smtp.pass);
    const creds = JSON.parse(ring.decrypt(row.credentials, channelSecretAad("credentials", t.tenantId, row.id)));
    expect(creds).toEqual({ address: "support@shop.test", fromName: "Shop support", imap: { host: "127.0.0.1", port: imap.port, secure: false, user: imap.user, pass: imap.pass }, smtp: { host: smtp.host, port: smtp.port, secure: false, user: smtp.user, pass: smtp.pass } });
  });

  it("a wrong password or an unreachable server is reported on the field to fix, and nothing is stored", async () => {
    session.user = owner();
    const before = (await ownerPool().query(`SELECT count(*)::int AS n FROM "Channel" WHERE "tenantId" = $1`, [t.tenantId])).rows[0].n;
    const wrongImap = await m.connectEmail(t.tenantId, { name: "S", sandbox: false, address: "sales@shop.test", imap: server({ pass: "nope" }), smtp: smtpServer() } as never);
    expect(wrongImap?.validationErrors?.imap?.pass?._errors?.[0]).toMatch(/refused the user name and password/);
    const wrongSmtp = await m.connectEmail(t.tenantId, { name: "S", sandbox: false, address: "sales@shop.test", imap: server(), smtp: smtpServer({ pass: "nope" }) } as never);
    expect(wrongSmtp?.validationErrors?.smtp?.pass?._errors?.[0]).toMatch(/SMTP server refused/);
    const closed = await m.connectEmail(t.tenantId, { name: "S", sandbox: false, address: "sales@shop.test", imap: server({ port: "1" }), smtp: smtpServer() } as never);
    expect(closed?.validationErrors?.imap?.host?._errors?.[0]).toMatch(/refused the connection/);
    expect((await ownerPool().query(`SELECT count(*)::int AS n FROM "Channel" WHERE "tenantId" = $1`, [t.tenantId])).rows[0].n).toBe(before);
  });
});

describe("Gmail / Outlook OAuth", () => {
  const provider = () => ({
    id: "google" as const,
    label: "Gmail",
    scope: "https://mail.google.com/",
    clientId: "client-id.apps.googleusercontent.com",
    clientSecret: "client-secret",
    endpoints: { authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth", tokenUrl },
    authorizeParams: { access_type: "offline", prompt: "consent" },
    imap: { host: "127.0.0.1", port: imap.port, secure: false },
    smtp: { host: "127.0.0.1", port: smtp.port, secure: false },
  });
  const actor = () => ({ user: { id: t.userId, email: t.email }, role: "owner" as const, tenant: { id: t.tenantId } });
  const start = (address = "support@shop.test") => m.startEmailOAuth(actor(), { provider: "google", name: "Gmail support", address }, new Date(), provider());
  const complete = (over: Partial<Parameters<TMods["completeEmailOAuth"]>[0]>) =>
    m.completeEmailOAuth({ providerId: "google", code: "good-code", state: null, error: null, verifier: null, user: owner(), ctx: { requestId: "r", ipPrefix: null }, now: new Date(), provider: provider(), ...over });
  const failure = async (p: Promise<unknown>) => {
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(m.OAuthFlowError);
    return e as InstanceType<TMods["OAuthFlowError"]>;
  };

  it("the authorisation URL asks for the mail scope offline with PKCE, and a signed state", () => {
    const { url, cookie } = start();
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      scope: "https://mail.google.com/",
      response_type: "code",
      access_type: "offline",
      code_challenge_method: "S256",
      login_hint: "support@shop.test",
      redirect_uri: "http://localhost:3000/api/channels/oauth/google/callback",
    });
    expect(u.searchParams.get("state")).toMatch(/^cs1\./);
    expect(cookie).toMatchObject({ name: "sotto_channel_oauth_google", path: "/api/channels/oauth", maxAge: 600 });
    expect(u.searchParams.get("code_challenge")).not.toBe(cookie.value);
  });

  it("completes: code exchanged with the PKCE verifier, mailbox opened with XOAUTH2, tokens stored encrypted", async () => {
    // The password-connected mailbox above is switched to OAuth: disconnected first, then reconnected by sign-in.
    await ownerPool().query(`UPDATE "Channel" SET status = 'disconnected', credentials = NULL WHERE "tenantId" = $1 AND "externalId" = 'support@shop.test'`, [t.tenantId]);
    const { url, cookie } = start();
    const state = new URL(url).searchParams.get("state");
    const done = await complete({ state, verifier: cookie.value });
    expect(grants.at(-1)).toMatchObject({ grant_type: "authorization_code", code: "good-code", code_verifier: cookie.value, client_secret: "client-secret" });
    const row = (await ownerPool().query(`SELECT id, "externalId", credentials, settings FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, done.channelId])).rows[0];
    expect(row).toMatchObject({ externalId: "support@shop.test", settings: { auth: "google" } });
    expect(row.credentials).not.toMatch(/ya29|1\/\/0g/);
    const creds = JSON.parse(ring.decrypt(row.credentials, channelSecretAad("credentials", t.tenantId, row.id)));
    expect(creds.oauth).toMatchObject({ provider: "google", refreshToken: "1//0g-refresh", accessToken: "ya29.fresh-token" });
    expect(creds.imap).toMatchObject({ user: "support@shop.test", pass: "ya29.fresh-token" });
    const audit = (await ownerPool().query(`SELECT metadata FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'channel.connected' ORDER BY seq DESC LIMIT 1`, [t.tenantId])).rows[0];
    expect(audit.metadata).toMatchObject({ method: "oauth_google", externalId: "support@shop.test" });
    expect(JSON.stringify(audit.metadata)).not.toMatch(/ya29|refresh/);
  });

  it("refuses a tampered state, another user, another browser, and a non-admin, before any token request", async () => {
    const { url, cookie } = start("other@shop.test");
    const state = new URL(url).searchParams.get("state")!;
    const requests = grants.length;
    const [prefix, payload, mac] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), a: "ceo@shop.test" })).toString("base64url");
    expect((await failure(complete({ state: `${prefix}.${forged}.${mac}`, verifier: cookie.value }))).code).toBe("bad_signature");
    expect((await failure(complete({ state, verifier: cookie.value, user: { ...agent, name: null } }))).code).toBe("wrong_user");
    expect((await failure(complete({ state, verifier: null }))).code).toBe("wrong_browser");
    expect((await failure(complete({ state, verifier: "x".repeat(43) }))).code).toBe("wrong_browser");
    expect(grants.length).toBe(requests);

    const agentStart = m.startEmailOAuth({ user: agent, role: "agent", tenant: { id: t.tenantId } }, { provider: "google", name: "x", address: "x@shop.test" }, new Date(), provider());
    const agentState = new URL(agentStart.url).searchParams.get("state");
    expect((await failure(complete({ state: agentState, verifier: agentStart.cookie.value, user: { ...agent, name: null } }))).code).toBe("not_admin");
  });

  it("a refused code or a mailbox the token cannot open stores nothing", async () => {
    const before = (await ownerPool().query(`SELECT count(*)::int AS n FROM "Channel" WHERE "tenantId" = $1`, [t.tenantId])).rows[0].n;
    const a = start("third@shop.test");
    expect((await failure(complete({ state: new URL(a.url).searchParams.get("state"), verifier: a.cookie.value, code: "bad-code" }))).code).toBe("token");
    const b = start("not-this-mailbox@shop.test");
    expect((await failure(complete({ state: new URL(b.url).searchParams.get("state"), verifier: b.cookie.value }))).code).toBe("mailbox");
    expect((await ownerPool().query(`SELECT count(*)::int AS n FROM "Channel" WHERE "tenantId" = $1`, [t.tenantId])).rows[0].n).toBe(before);
  });
});
