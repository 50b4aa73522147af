import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { startTestImap, type TTestImap } from "./testing/imap-server";

/**
 * The IMAP poller end to end: a real IMAP server on loopback (hoodiecrow-imap),
 * imapflow, mailparser, ingest and PostgreSQL under RLS. Covers the cursor
 * (no history import, new mail only, re-read after a lost cursor is deduped),
 * threading of replies, IDLE, XOAUTH2 with token refresh against a fake token
 * endpoint, errors recorded once, and disconnected channels left alone.
 */
const keys = generateKeySpec("k1");
type TMods = typeof import("./poll-channel") & typeof import("./active") & typeof import("@/lib/channels/store") & typeof import("@/lib/db/client") & typeof import("@/lib/channels/credentials");
let m: TMods;
let t: TTenantFixture;
let imap: TTestImap;

const mail = (id: string, opts: { from?: string; subject?: string; inReplyTo?: string; body?: string } = {}) =>
  [
    `From: ${opts.from ?? "Maria Rossi <maria@example.com>"}`,
    "To: support@acme-shop.test",
    `Subject: ${opts.subject ?? "Hello"}`,
    `Message-ID: <${id}>`,
    ...(opts.inReplyTo ? [`In-Reply-To: <${opts.inReplyTo}>`, `References: <${opts.inReplyTo}>`] : []),
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "",
    opts.body ?? `<p>Message ${id}</p><img src="https://tracker.example/p.gif"><script>alert(1)</script>`,
  ].join("\r\n");

async function append(raw: string, target = imap) {
  const c = new ImapFlow({ host: target.host, port: target.port, secure: false, doSTARTTLS: false, auth: { user: target.user, pass: target.pass }, logger: false });
  await c.connect();
  await c.append("INBOX", raw);
  await c.logout();
}

const actor = () => ({ user: { id: t.userId, email: t.email }, role: "owner" as const, tenant: { id: t.tenantId } });
const ctx = { requestId: "test", ipPrefix: null };

async function connectMailbox(address: string, over: { pass?: string; oauth?: Record<string, unknown>; host?: string; port?: number } = {}) {
  const server = { host: over.host ?? imap.host, port: over.port ?? imap.port, secure: false, user: imap.user, pass: over.pass ?? imap.pass };
  return m.connectChannel(
    actor(),
    {
      type: "email",
      name: address,
      externalId: address,
      sandbox: false,
      settings: {},
      credentials: { address, smtp: { ...server, port: 2525 }, imap: server, ...(over.oauth ? { oauth: over.oauth } : {}) },
      webhookSecret: null,
      method: over.oauth ? "oauth_google" : "manual",
    },
    ctx,
  );
}

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return (await ownerPool().query(sql, params)).rows as T[];
}
const messages = (channelId: string) =>
  rows<{ providerMessageId: string; conversationId: string; html: string | null; text: string | null; payload: Record<string, unknown> }>(
    `SELECT "providerMessageId", "conversationId", html, text, payload FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2 ORDER BY "createdAt", id`,
    [t.tenantId, channelId],
  );
const channelRow = async (channelId: string) =>
  (await rows<{ status: string; settings: Record<string, unknown>; credentials: string | null }>(`SELECT status, settings, credentials FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, channelId]))[0]!;

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.resetModules();
  m = {
    ...(await import("./poll-channel")),
    ...(await import("./active")),
    ...(await import("@/lib/channels/store")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/channels/credentials")),
  };
  (await import("@/inngest/dev-runner")).setDevRunnerFunctions([]);
  t = await createTenantFixture("Mailbox");
  imap = await startTestImap({ messages: [mail("old-1@example.com"), mail("old-2@example.com")] });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  const runner = await import("@/inngest/dev-runner");
  await runner.drainDevRunner();
  runner.setDevRunnerFunctions(undefined);
  await imap?.close();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

describe("IMAP polling", () => {
  let channelId: string;

  it("the first poll starts at the newest message: connecting a mailbox imports no history", async () => {
    channelId = (await connectMailbox("support@acme-shop.test")).id;
    expect(await m.activeEmailChannels()).toContainEqual({ tenantId: t.tenantId, channelId });
    const o = await m.pollEmailChannel(t.tenantId, channelId, { idleMs: 0 });
    expect(o).toMatchObject({ status: "polled", result: { initialised: true, imported: 0 } });
    expect(await messages(channelId)).toEqual([]);
    expect((await channelRow(channelId)).settings.imap).toMatchObject({ uidValidity: "1", lastUid: 2 });
  });

  it("new mail is ingested once, sanitised, and a reply threads into the same conversation", async () => {
    await append(mail("new-1@example.com", { subject: "Where is my order?" }));
    await append(mail("support-copy@acme-shop.test", { from: "Acme <support@acme-shop.test>" }));
    let o = await m.pollEmailChannel(t.tenantId, channelId, { idleMs: 0 });
    expect(o).toMatchObject({ status: "polled", result: { imported: 1, skipped: 1 } });

    await append(mail("new-2@example.com", { subject: "Re: Where is my order?", inReplyTo: "new-1@example.com" }));
    // The same message delivered twice (e.g. To and Cc) under a new UID is a duplicate.
    await append(mail("new-1@example.com", { subject: "Where is my order?" }));
    o = await m.pollEmailChannel(t.tenantId, channelId, { idleMs: 0 });
    expect(o).toMatchObject({ status: "polled", result: { imported: 1, duplicates: 1 } });

    const stored = await messages(channelId);
    expect(stored.map((s) => s.providerMessageId)).toEqual(["<new-1@example.com>", "<new-2@example.com>"]);
    expect(stored[1]!.conversationId).toBe(stored[0]!.conversationId);
    expect(stored[0]!.html).not.toMatch(/<script|\ssrc="https:/);
    expect(stored[0]!.payload).toMatchObject({ subject: "Where is my order?", remoteContentBlocked: true, from: { address: "maria@example.com" } });
    expect((await channelRow(channelId)).settings.imap).toMatchObject({ lastUid: 6, lastError: null });
  });

  it("a lost cursor re-reads mail without storing anything twice", async () => {
    await ownerPool().query(`UPDATE "Channel" SET settings = jsonb_set(settings, '{imap,lastUid}', '2') WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, channelId]);
    const o = await m.pollEmailChannel(t.tenantId, channelId, { idleMs: 0 });
    expect(o).toMatchObject({ status: "polled", result: { imported: 0, duplicates: 3, skipped: 1 } });
    expect(await messages(channelId)).toHaveLength(2);
  });

  it("waits in IDLE and picks up mail that arrives meanwhile", async () => {
    const polling = m.pollEmailChannel(t.tenantId, channelId, { idleMs: 4000 });
    await new Promise((r) => setTimeout(r, 600));
    await append(mail("idle-1@example.com"));
    const o = await polling;
    expect(o).toMatchObject({ status: "polled", result: { imported: 1 } });
  });

  it("the poll-email cron function (run by the development runner) polls every live mailbox and reports", async () => {
    await append(mail("cron-1@example.com"));
    const { runFunction } = await import("@/inngest/dev-runner");
    const { pollEmailCron } = await import("@/inngest/functions/poll-email");
    const run = await runFunction(pollEmailCron, { name: "inngest/scheduled.timer", data: { cron: "* * * * *" } });
    expect(run).toMatchObject({ status: "completed", output: { channels: expect.any(Number), imported: expect.any(Number) } });
    expect((run as { output: { imported: number } }).output.imported).toBeGreaterThanOrEqual(1);
    expect((await messages(channelId)).map((x) => x.providerMessageId)).toContain("<cron-1@example.com>");
  });

  it("a wrong password is recorded once in the delivery log and on the channel, and does not throw", async () => {
    const bad = (await connectMailbox("sales@acme-shop.test", { pass: "wrong-password" })).id;
    const first = await m.pollEmailChannel(t.tenantId, bad, { idleMs: 0 });
    const second = await m.pollEmailChannel(t.tenantId, bad, { idleMs: 0 });
    expect(first).toMatchObject({ status: "failed", error: expect.stringMatching(/refused the user name and password/) });
    expect(second.status).toBe("failed");
    const logs = await rows<{ outcome: string }>(`SELECT outcome FROM "DeliveryLog" WHERE "tenantId" = $1 AND "channelId" = $2`, [t.tenantId, bad]);
    expect(logs).toEqual([{ outcome: "fetch_failed" }]);
    expect((await channelRow(bad)).settings.imap).toMatchObject({ lastError: expect.stringMatching(/refused/) });
    expect(JSON.stringify(await channelRow(bad))).not.toContain("wrong-password");
  });

  it("a disconnected channel is neither listed nor polled", async () => {
    await m.disconnectChannel(actor(), channelId, ctx);
    expect(await m.activeEmailChannels()).not.toContainEqual({ tenantId: t.tenantId, channelId });
    await append(mail("after-disconnect@example.com"));
    expect(await m.pollEmailChannel(t.tenantId, channelId, { idleMs: 0 })).toEqual({ status: "skipped", reason: "inactive" });
    expect(await messages(channelId)).toHaveLength(4);
  });
});

describe("OAuth mailboxes (XOAUTH2)", () => {
  let tokenServer: Server;
  let tokenUrl: string;
  const grants: Record<string, string>[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    tokenServer = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        grants.push(Object.fromEntries(new URLSearchParams(body)));
        res.writeHead(answer.status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((r) => tokenServer.listen(0, "127.0.0.1", r));
    tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
  });
  afterAll(() => new Promise<void>((r) => tokenServer.close(() => r())));

  const providerFor = () => ({
    id: "google" as const,
    label: "Gmail",
    scope: "https://mail.google.com/",
    clientId: "client-id",
    clientSecret: "client-secret",
    endpoints: { authorizeUrl: "http://127.0.0.1/authorize", tokenUrl },
    authorizeParams: {},
    imap: { host: imap.host, port: imap.port, secure: false },
    smtp: { host: imap.host, port: 2525, secure: false },
  });

  it("refreshes an expiring access token, stores the new one encrypted, and logs in with XOAUTH2", async () => {
    const id = (
      await connectMailbox("oauth@acme-shop.test", {
        pass: "ya29.expired",
        oauth: { provider: "google", refreshToken: "1//refresh-token", accessToken: "ya29.expired", expiresAt: Date.now() - 1000 },
      })
    ).id;
    answer = { status: 200, body: { access_token: imap.accessToken, expires_in: 3599, token_type: "Bearer", scope: "https://mail.google.com/" } };
    const o = await m.pollEmailChannel(t.tenantId, id, { idleMs: 0, providerFor });
    expect(o).toMatchObject({ status: "polled", result: { initialised: true } });
    expect(grants.at(-1)).toMatchObject({ grant_type: "refresh_token", refresh_token: "1//refresh-token", client_id: "client-id" });

    const row = await channelRow(id);
    expect(row.credentials).not.toContain(imap.accessToken);
    const creds = m.openEmailCredentials({ tenantId: t.tenantId, id, credentials: row.credentials });
    expect(creds?.oauth).toMatchObject({ accessToken: imap.accessToken, refreshToken: "1//refresh-token" });
    expect(creds?.oauth!.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it("a revoked grant puts the channel in error, so it is not polled until reconnected", async () => {
    const id = (
      await connectMailbox("revoked@acme-shop.test", {
        pass: "ya29.old",
        oauth: { provider: "google", refreshToken: "1//revoked", accessToken: "ya29.old", expiresAt: Date.now() - 1000 },
      })
    ).id;
    answer = { status: 400, body: { error: "invalid_grant", error_description: "Token has been expired or revoked." } };
    const o = await m.pollEmailChannel(t.tenantId, id, { idleMs: 0, providerFor });
    expect(o).toMatchObject({ status: "failed", error: expect.stringMatching(/revoked or expired/) });
    expect((await channelRow(id)).status).toBe("error");
    expect(await m.activeEmailChannels()).not.toContainEqual({ tenantId: t.tenantId, channelId: id });
  });
});
