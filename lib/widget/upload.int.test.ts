import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { EICAR, startFakeClamd, type TFakeClamd } from "@/lib/storage/testing/fake-clamd";
import type { TWidgetHistory, TWidgetSendResult, TWidgetSession } from "./public-types";

/**
 * Visitors' files (POST /api/widget/attachments) on real PostgreSQL, through
 * the route handlers as Next calls them, with the local storage driver in a
 * temporary directory: the file becomes the visitor's message through the
 * inbound path, with its Attachment row in the same transaction; every
 * refusal (token, origin, size, length, type, budget) writes nothing at all;
 * a resend is stored once. Every file passes a virus scanner first (a clamd
 * stand-in speaking its INSTREAM protocol): a flagged file, or any file while
 * the scanner does not answer, writes nothing.
 */
const SITE = "https://shop.example.com";
const BASE = "http://localhost:3000";
const LIMIT = 64 * 1024;

type TMods = typeof import("@/app/api/widget/attachments/route") &
  typeof import("./token") &
  typeof import("./settings") &
  typeof import("@/lib/storage/storage") &
  typeof import("@/lib/storage/local") &
  typeof import("@/lib/security/limits") &
  typeof import("@/lib/inbox/ingest") &
  typeof import("@/lib/inbox/messages") &
  typeof import("@/lib/db/client");
let m: TMods;
let GET_MESSAGES: (typeof import("@/app/api/widget/messages/route"))["GET"];
let GET_FILE: (typeof import("@/app/api/attachments/[id]/route"))["GET"];
let SESSION: (typeof import("@/app/api/widget/session/route"))["POST"];
let root: string;
let tenant: TTenantFixture;
let channel: { channelId: string; key: string };
let app = "";
let clamd: TFakeClamd;

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
/** A Windows executable's header: sniffed as application/x-msdownload, which is not accepted. */
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from("PE\0\0"), Buffer.alloc(200, 1)]);
const ctx = {} as never;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sotto-widget-upload-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("ATTACHMENT_MAX_BYTES", String(LIMIT));
  clamd = await startFakeClamd();
  vi.stubEnv("CLAMAV_URL", clamd.url);
  vi.stubEnv("CLAMAV_TIMEOUT_MS", "1000");
  vi.resetModules();
  m = {
    ...(await import("@/app/api/widget/attachments/route")),
    ...(await import("./token")),
    ...(await import("./settings")),
    ...(await import("@/lib/storage/storage")),
    ...(await import("@/lib/storage/local")),
    ...(await import("@/lib/security/limits")),
    ...(await import("@/lib/inbox/ingest")),
    ...(await import("@/lib/inbox/messages")),
    ...(await import("@/lib/db/client")),
  };
  GET_MESSAGES = (await import("@/app/api/widget/messages/route")).GET;
  GET_FILE = (await import("@/app/api/attachments/[id]/route")).GET;
  SESSION = (await import("@/app/api/widget/session/route")).POST;
  app = new URL((await import("@/lib/env")).env.APP_URL).origin;
  m.setStorageDriver(m.localDriver(root));
  tenant = await createTenantFixture("Widget files");
  const channelId = randomId("ch");
  const key = m.generateWidgetKey();
  await asOwner({ tenantId: tenant.tenantId }, (c) =>
    c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, status, "externalId", settings, "updatedAt") VALUES ($1, $2, 'widget', 'Website', 'active', $3, $4::jsonb, now())`, [
      channelId,
      tenant.tenantId,
      key,
      JSON.stringify({ allowedOrigins: [SITE] }),
    ]),
  );
  channel = { channelId, key };
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
  await clamd.close();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;

async function session(): Promise<string> {
  const headers = new Headers({ origin: app, "content-type": "application/json", "x-forwarded-for": freshIp() });
  const res = await SESSION(new Request(`${BASE}/api/widget/session`, { method: "POST", headers, body: JSON.stringify({ key: channel.key, origin: SITE }) }), ctx);
  expect(res.status).toBe(200);
  return ((await res.json()) as TWidgetSession).token;
}

const vidOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).vid as string;

type TUploadOpts = { token?: string | null; name?: string; clientMessageId?: string; origin?: string | null; length?: string | null; ip?: string; query?: string };

/** A raw upload as the frame sends it; `length: null` leaves Content-Length out (a streamed body). */
function upload(input: Uint8Array, o: TUploadOpts = {}): Promise<Response> {
  const body = new Uint8Array(input);
  const headers = new Headers({ "x-forwarded-for": o.ip ?? freshIp(), "content-type": "application/octet-stream" });
  if (o.origin !== null) headers.set("origin", o.origin ?? app);
  if (o.token) headers.set("authorization", `Bearer ${o.token}`);
  const query = o.query ?? `name=${encodeURIComponent(o.name ?? "photo.png")}&clientMessageId=${o.clientMessageId ?? randomId("cm")}`;
  let init: RequestInit & { duplex?: "half" };
  if (o.length === null) {
    init = { method: "POST", headers, body: new Blob([body]).stream(), duplex: "half" };
  } else {
    headers.set("content-length", o.length ?? String(body.byteLength));
    init = { method: "POST", headers, body, duplex: "half" };
  }
  return m.POST(new Request(`${BASE}/api/widget/attachments?${query}`, init), ctx);
}

async function files(): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await ownerPool().query<{ n: string }>(sql, params);
  return Number(rows[0]!.n);
}

/** Everything a refused upload must not have written. */
async function footprint(): Promise<Record<string, number>> {
  const t = tenant.tenantId;
  return {
    files: (await files()).length,
    attachments: await count(`SELECT count(*) AS n FROM "Attachment" WHERE "tenantId" = $1`, [t]),
    messages: await count(`SELECT count(*) AS n FROM "Message" WHERE "tenantId" = $1`, [t]),
    contacts: await count(`SELECT count(*) AS n FROM "Contact" WHERE "tenantId" = $1`, [t]),
    events: await count(`SELECT count(*) AS n FROM "WebhookEvent" WHERE "tenantId" = $1`, [t]),
  };
}

describe("POST /api/widget/attachments", () => {
  it("stores an image as the visitor's message, with its file, through the inbound path", async () => {
    const token = await session();
    const clientMessageId = randomId("cm");
    const res = await upload(PNG, { token, name: "C:\\Users\\me\\broken trowel.png", clientMessageId });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as TWidgetSendResult;
    expect(body.duplicate).toBe(false);
    expect(body.message).toMatchObject({ from: "visitor", clientMessageId, text: "", status: "received" });
    const [file] = body.message!.attachments;
    expect(body.message!.attachments).toHaveLength(1);
    expect(file).toMatchObject({ name: "broken trowel.png", type: "image/png", size: PNG.length });

    // The signed URL serves the bytes.
    const url = new URL(file!.url);
    const served = await GET_FILE(new Request(url), { params: Promise.resolve({ id: file!.id }) });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);

    // Stored as an inbound media message of the visitor's contact, the row linked in the same write.
    const { rows } = await ownerPool().query(
      `SELECT msg.kind, msg.direction, msg."authorType", msg.payload, a."messageId", a."storageKey", a.sha256, c."lastMessagePreview", ci.value AS vid
         FROM "Attachment" a JOIN "Message" msg ON msg.id = a."messageId" JOIN "Conversation" c ON c.id = msg."conversationId"
         JOIN "ContactIdentity" ci ON ci."contactId" = c."contactId" AND ci.kind = 'visitor'
        WHERE a.id = $1 AND a."tenantId" = $2`,
      [file!.id, tenant.tenantId],
    );
    expect(rows[0]).toMatchObject({ kind: "media", direction: "inbound", authorType: "contact", messageId: body.message!.id, lastMessagePreview: "[image]", vid: vidOf(token) });
    expect(rows[0].payload).toEqual({ mediaType: "image" });
    expect((await files()).some((f) => f.endsWith(rows[0].storageKey))).toBe(true);
    // The same outbox event as a typed message (automation, assignment, media fetch see it after commit).
    expect(await count(`SELECT count(*) AS n FROM "OutboxEvent" WHERE "tenantId" = $1 AND name = 'message.received' AND data->>'messageId' = $2`, [tenant.tenantId, body.message!.id])).toBe(1);

    // The visitor's history shows it; so does the agent's inbox.
    const history = await GET_MESSAGES(new Request(`${BASE}/api/widget/messages`, { headers: { authorization: `Bearer ${token}`, "x-forwarded-for": freshIp() } }), ctx);
    const h = (await history.json()) as TWidgetHistory;
    expect(h.messages.find((x) => x.id === body.message!.id)?.attachments.map((a) => a.id)).toEqual([file!.id]);
    const page = await m.withTenant(tenant.tenantId, (tx) => m.listMessages(tx, { tenantId: tenant.tenantId, conversationId: body.message!.conversationId }));
    const inbox = page.items.find((x) => x.id === body.message!.id);
    expect(inbox).toMatchObject({ direction: "inbound", kind: "media", attachments: [{ id: file!.id, fileName: "broken trowel.png", contentType: "image/png", size: PNG.length }] });
    expect(inbox!.attachments[0]!.url).toMatch(/\/api\/attachments\//);
  });

  it("stores a resent file once (its reply was lost) and keeps no second copy in storage", async () => {
    const token = await session();
    const clientMessageId = randomId("cm");
    const first = await upload(PDF, { token, name: "receipt.pdf", clientMessageId });
    expect(first.status).toBe(201);
    const id = ((await first.json()) as TWidgetSendResult).message!.id;
    const before = await footprint();
    const again = await upload(PDF, { token, name: "receipt.pdf", clientMessageId });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, message: { id, attachments: [{ name: "receipt.pdf", type: "application/pdf" }] } });
    expect(await footprint()).toEqual(before);
  });

  it("answers 401 for a missing, tampered or expired token and 403 for a site that is not allowed, writing nothing", async () => {
    const token = await session();
    const before = await footprint();
    expect(await (await upload(PNG, { token: null })).json()).toMatchObject({ error: "missing_token" });
    const [p, payload, mac] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = `${p}.${Buffer.from(JSON.stringify({ ...claims, vid: "v_BBBBBBBBBBBBBBBBBBBBBB" })).toString("base64url")}.${mac}`;
    const tampered = await upload(PNG, { token: forged });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toMatchObject({ error: "invalid_token" });
    const expired = m.signVisitorToken({ vid: claims.vid, cid: channel.channelId, tid: tenant.tenantId, org: SITE }, new Date(Date.now() - 10_000), 5).token;
    expect((await upload(PNG, { token: expired })).status).toBe(401);

    const evilCaller = await upload(PNG, { token, origin: "https://evil.example" });
    expect(evilCaller.status).toBe(403);
    expect(await evilCaller.json()).toMatchObject({ error: "origin_not_allowed" });
    // A genuine token issued for a site the channel no longer allows.
    const otherSite = m.signVisitorToken({ vid: claims.vid, cid: channel.channelId, tid: tenant.tenantId, org: "https://old-shop.example.com" }, new Date()).token;
    expect((await upload(PNG, { token: otherSite })).status).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it("serves an allowed site directly, with CORS for exactly its origin and a preflight", async () => {
    const token = await session();
    const res = await upload(PNG, { token, origin: SITE });
    expect(res.status).toBe(201);
    expect(res.headers.get("access-control-allow-origin")).toBe(SITE);
    const preflight = await m.OPTIONS(new Request(`${BASE}/api/widget/attachments?key=${channel.key}&name=a.png&clientMessageId=${randomId("cm")}`, { method: "OPTIONS", headers: { origin: SITE, "x-forwarded-for": freshIp() } }), ctx);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Content-Type");
    const refusedSite = await upload(PNG, { token, origin: SITE, length: String(LIMIT + 1) });
    expect(refusedSite.status).toBe(413);
    // Refusals carry the CORS headers too, so the site can read why.
    expect(refusedSite.headers.get("access-control-allow-origin")).toBe(SITE);
  });

  it("refuses oversize (413), missing length (411), short bodies, empty files and bad names (400), unknown types (415), writing nothing", async () => {
    const token = await session();
    const before = await footprint();

    const declaredTooBig = await upload(PNG, { token, length: String(LIMIT + 1) });
    expect(declaredTooBig.status).toBe(413);
    expect(await declaredTooBig.json()).toMatchObject({ error: "too_large", message: "The file is larger than the 64 KB limit for attachments.", details: { maxBytes: LIMIT } });

    const noLength = await upload(PNG, { token, length: null });
    expect(noLength.status).toBe(411);
    expect(await noLength.json()).toMatchObject({ error: "length_required" });

    // A body cut short of its Content-Length (a dropped connection) is never stored truncated.
    const short = await upload(PNG, { token, length: String(PNG.length + 10) });
    expect(short.status).toBe(400);
    expect(await short.json()).toMatchObject({ error: "incomplete_upload" });
    expect((await upload(new Uint8Array(0), { token })).status).toBe(400);

    const exe = await upload(EXE, { token, name: "invoice.pdf.exe" });
    expect(exe.status).toBe(415);
    const exeBody = (await exe.json()) as { error: string; message: string };
    expect(exeBody.error).toBe("type_not_allowed");
    expect(exeBody.message).toMatch(/cannot be attached/);
    // No magic number and not text: unknown binary.
    const binary = await upload(Buffer.from([0, 1, 2, 3, 0, 255, 254, 0, 9, 8]), { token, name: "blob.bin" });
    expect(binary.status).toBe(415);

    expect((await upload(PNG, { token, query: `clientMessageId=${randomId("cm")}` })).status).toBe(400);
    expect((await upload(PNG, { token, query: `name=a.png&clientMessageId=x` })).status).toBe(400);
    expect((await upload(PNG, { token, name: "x".repeat(256) })).status).toBe(400);

    expect(await footprint()).toEqual(before);
  });

  it("refuses a file the virus scanner flags (422) and every file while the scanner is down (503), writing nothing", async () => {
    const token = await session();
    const before = await footprint();
    const scanned = clamd.scans.length;
    const infected = await upload(Buffer.concat([PDF, Buffer.from(EICAR)]), { token, name: "invoice.pdf" });
    expect(infected.status).toBe(422);
    expect(await infected.json()).toMatchObject({ error: "infected", message: expect.stringContaining("Eicar-Signature") });
    // The scanner saw exactly the uploaded bytes.
    expect(clamd.scans.length).toBe(scanned + 1);
    expect(clamd.scans.at(-1)!.equals(Buffer.concat([PDF, Buffer.from(EICAR)]))).toBe(true);
    expect(await footprint()).toEqual(before);

    // Fail closed: no verdict is no file.
    for (const mode of ["close", "hang"] as const) {
      clamd.setMode(mode);
      const down = await upload(PNG, { token });
      expect(down.status, mode).toBe(503);
      expect(down.headers.get("retry-after")).toBe("30");
      expect((await down.json()).error).toBe("scanner_unavailable");
      expect(await footprint()).toEqual(before);
    }
    clamd.setMode("answer");
    expect((await upload(PNG, { token })).status).toBe(201);
  });

  it("limits files per visitor and per address (429 with Retry-After), writing nothing", async () => {
    const token = await session();
    const key = `${channel.channelId}:${vidOf(token)}`;
    for (let i = 0; i < m.widgetUploadByVisitor.spec.points * 50; i++) {
      if (!(await m.widgetUploadByVisitor.consume(key)).ok) break;
    }
    const before = await footprint();
    const res = await upload(PNG, { token });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await footprint()).toEqual(before);
  });
});

describe("ingestInbound with files", () => {
  it("writes the message and its Attachment rows together or not at all", async () => {
    const base = {
      tenantId: tenant.tenantId,
      channelId: channel.channelId,
      channelType: "widget" as const,
      contact: { identities: [{ kind: "visitor" as const, value: "v_CCCCCCCCCCCCCCCCCCCCCC" }] },
      providerMessageId: null,
      kind: "media" as const,
      payload: { mediaType: "document" },
    };
    const file = { fileName: "notes.txt", contentType: "text/plain", size: 5, storageKey: `t/${tenant.tenantId}/2026/11/${"a".repeat(32)}`, sha256: "0".repeat(64) };
    const ok = await m.ingestInbound({ ...base, clientMessageId: "cm_together_1", raw: { provider: "widget", eventKey: "v_C:cm_together_1", payload: {} }, attachments: [file] });
    expect(ok.duplicate).toBe(false);
    expect(ok.attachmentIds).toHaveLength(1);
    const { rows } = await ownerPool().query(`SELECT "messageId", "fileName" FROM "Attachment" WHERE id = $1`, [ok.attachmentIds![0]]);
    expect(rows[0]).toEqual({ messageId: ok.messageId, fileName: "notes.txt" });

    // A row that cannot be written (size beyond the column's range) takes the message down with it.
    const before = await footprint();
    await expect(
      m.ingestInbound({ ...base, clientMessageId: "cm_together_2", raw: { provider: "widget", eventKey: "v_C:cm_together_2", payload: {} }, attachments: [{ ...file, size: 2 ** 40 }] }),
    ).rejects.toThrow();
    expect(await footprint()).toEqual(before);
    expect(await count(`SELECT count(*) AS n FROM "OutboxEvent" WHERE "tenantId" = $1 AND "eventId" LIKE '%cm_together_2'`, [tenant.tenantId])).toBe(0);
  });
});
