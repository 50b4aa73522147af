import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { createConversationFixture } from "@/lib/outbound/testing/fixtures";
import { EICAR, startFakeClamd, type TFakeClamd } from "./testing/fake-clamd";

/**
 * Inbound media fetched from fake providers on loopback, shaped as documented:
 * the WhatsApp Cloud API media endpoint (GET /{media-id} → { url, mime_type,
 * sha256, file_size, id }, then the download with the same bearer token) and
 * Twilio's Media resource (basic auth, 307 to a temporary CDN URL). Stored as
 * attachments of the message under RLS; refusals and provider errors are
 * recorded on the message, transient ones thrown for a retry. Every file is
 * scanned by a clamd stand-in first.
 */
const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
const TOKEN = "EAAG-media-token";
const SID = `AC${"b2".repeat(16)}`;
const AUTH = "twilio-media-token";
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]), Buffer.alloc(200, 7)]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

type TSeen = { path: string; auth: string | undefined };
const seen: TSeen[] = [];
let server: Server;
let base: string;
let root: string;
let tenantId: string;
let clamd: TFakeClamd;
let m: typeof import("./inbound-media") & typeof import("./storage") & typeof import("./local") & typeof import("@/lib/db/client") & typeof import("./attachments");

function handler(req: IncomingMessage, res: import("node:http").ServerResponse) {
  const url = new URL(req.url ?? "/", base);
  seen.push({ path: url.pathname, auth: req.headers.authorization });
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const wa = /^\/v21\.0\/(\w+)$/.exec(url.pathname);
  if (wa) {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190, fbtrace_id: "x" } });
    if (wa[1] === "missing") return json(404, { error: { message: "Unsupported get request. Object with ID 'missing' does not exist", type: "GraphMethodException", code: 100, error_subcode: 33, fbtrace_id: "x" } });
    if (wa[1] === "busy") return json(503, { error: { message: "Service temporarily unavailable", type: "OAuthException", code: 2, fbtrace_id: "x" } });
    const big = wa[1] === "huge";
    return json(200, { messaging_product: "whatsapp", url: `${base}/whatsapp/cdn/${wa[1]}?ext=1`, mime_type: "image/jpeg", sha256: "abc", file_size: big ? 50 * 1024 * 1024 : JPEG.length, id: wa[1] });
  }
  if (url.pathname.startsWith("/whatsapp/cdn/")) {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: "unauthorised" });
    // The "infected" media is a JPEG carrying the EICAR test string, which virus scanners flag.
    const file = url.pathname.endsWith("/infected") ? Buffer.concat([JPEG, Buffer.from(EICAR)]) : JPEG;
    res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": String(file.length) });
    return res.end(file);
  }
  const tw = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\/(MM\w+)\/Media\/(ME\w+)$/.exec(url.pathname);
  if (tw) {
    if (req.headers.authorization !== `Basic ${Buffer.from(`${SID}:${AUTH}`).toString("base64")}`) return json(401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
    res.writeHead(307, { Location: `${base}/twilio-cdn/${tw[3]}` });
    return res.end();
  }
  if (url.pathname.startsWith("/twilio-cdn/")) {
    res.writeHead(200, { "Content-Type": "application/pdf" });
    return res.end(PDF);
  }
  json(404, { error: "not found" });
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await mkdtemp(path.join(tmpdir(), "sotto-media-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.stubEnv("META_GRAPH_BASE_URL", `${base}/v21.0`);
  vi.stubEnv("TWILIO_API_BASE_URL", base);
  vi.stubEnv("ATTACHMENT_MAX_BYTES", String(1024 * 1024));
  clamd = await startFakeClamd();
  vi.stubEnv("CLAMAV_URL", clamd.url);
  vi.stubEnv("CLAMAV_TIMEOUT_MS", "1000");
  vi.resetModules();
  m = { ...(await import("./inbound-media")), ...(await import("./storage")), ...(await import("./local")), ...(await import("@/lib/db/client")), ...(await import("./attachments")) };
  m.setStorageDriver(m.localDriver(root));
  tenantId = (await createTenantFixture("Inbound media")).tenantId;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
  await clamd.close();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

async function mediaFixture(type: "whatsapp" | "twilio_sms", payload: Record<string, unknown>, credentials: Record<string, string>) {
  const f = await createConversationFixture({ tenantId, type, ring, credentials: credentials as never, inbound: { at: new Date(), payload } });
  await asOwner({ tenantId }, (c) => c.query(`UPDATE "Message" SET kind = 'media', text = NULL WHERE id = $1`, [f.inboundMessageId]));
  return f;
}

async function mediaMessage(type: "whatsapp" | "twilio_sms", payload: Record<string, unknown>, credentials: Record<string, string>) {
  return (await mediaFixture(type, payload, credentials)).inboundMessageId!;
}

async function fetchAll(messageId: string) {
  const sources = await m.loadMediaSources(tenantId, messageId);
  const results = [];
  for (const s of sources) results.push(await m.fetchMediaItem(tenantId, messageId, s));
  await m.recordMediaOutcome(tenantId, messageId, results);
  return results;
}

async function attachmentsOf(messageId: string) {
  const { rows } = await ownerPool().query(`SELECT id, "fileName", "contentType", size FROM "Attachment" WHERE "tenantId" = $1 AND "messageId" = $2`, [tenantId, messageId]);
  return rows;
}

const payloadOf = async (id: string) => (await ownerPool().query(`SELECT payload FROM "Message" WHERE id = $1`, [id])).rows[0].payload;

describe("inbound media", () => {
  it("WhatsApp: looks the media up with the channel token, downloads it with the token, stores it as the message's attachment", async () => {
    const id = await mediaMessage("whatsapp", { mediaType: "image", mediaId: "1234567890", mimeType: "image/jpeg", sha256: "abc" }, { accessToken: TOKEN });
    seen.length = 0;
    const results = await fetchAll(id);
    expect(results).toEqual([{ index: 0, status: "stored", attachmentId: expect.any(String) }]);
    expect(seen.map((s) => s.path)).toEqual(["/v21.0/1234567890", "/whatsapp/cdn/1234567890"]);
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(await attachmentsOf(id)).toEqual([{ id: results[0]!.status === "stored" ? results[0]!.attachmentId : "", fileName: "attachment-1", contentType: "image/jpeg", size: JPEG.length }]);
    expect((await payloadOf(id)).mediaFetch).toMatchObject({ status: "stored" });
    expect((await m.readAttachment(tenantId, (results[0] as { attachmentId: string }).attachmentId))?.bytes).toEqual(new Uint8Array(JPEG));
  });

  it("Twilio: fetches MediaUrl{N} with basic auth through Twilio's redirect", async () => {
    const media = [{ url: `${base}/2010-04-01/Accounts/${SID}/Messages/MM${"c3".repeat(16)}/Media/ME${"d4".repeat(16)}`, contentType: "application/pdf" }];
    const id = await mediaMessage("twilio_sms", { mediaType: "document", media }, { accountSid: SID, authToken: AUTH });
    const results = await fetchAll(id);
    expect(results[0]).toMatchObject({ status: "stored" });
    expect((await attachmentsOf(id))[0]).toMatchObject({ contentType: "application/pdf", size: PDF.length });
  });

  it("records why a file is unavailable: expired media, over the size limit, a media URL off Twilio's host", async () => {
    const gone = await mediaMessage("whatsapp", { mediaType: "image", mediaId: "missing" }, { accessToken: TOKEN });
    expect((await fetchAll(gone))[0]).toMatchObject({ status: "failed", code: "meta_100" });
    expect((await payloadOf(gone)).mediaFetch).toMatchObject({ status: "failed", items: [{ status: "failed", reason: expect.stringContaining("does not exist") }] });

    const huge = await mediaMessage("whatsapp", { mediaType: "video", mediaId: "huge" }, { accessToken: TOKEN });
    expect((await fetchAll(huge))[0]).toMatchObject({ status: "failed", code: "too_large" });
    expect(await attachmentsOf(huge)).toEqual([]);

    const elsewhere = await mediaMessage("twilio_sms", { media: [{ url: "https://evil.example/steal", contentType: "image/png" }] }, { accountSid: SID, authToken: AUTH });
    expect((await fetchAll(elsewhere))[0]).toMatchObject({ status: "failed", code: "bad_media_url" });
  });

  it("refuses a file the virus scanner flags for good, and retries while the scanner is down, storing nothing", async () => {
    const infected = await mediaMessage("whatsapp", { mediaType: "image", mediaId: "infected" }, { accessToken: TOKEN });
    expect((await fetchAll(infected))[0]).toMatchObject({ status: "failed", code: "infected", reason: expect.stringContaining("Eicar-Signature") });
    expect(await attachmentsOf(infected)).toEqual([]);

    const later = await mediaMessage("whatsapp", { mediaType: "image", mediaId: "1234567891" }, { accessToken: TOKEN });
    const [source] = await m.loadMediaSources(tenantId, later);
    clamd.setMode("close");
    try {
      // Not a verdict: thrown (not recorded), so the function's retry fetches it again.
      await expect(m.fetchMediaItem(tenantId, later, source!)).rejects.toThrow(/clamd closed the connection/);
    } finally {
      clamd.setMode("answer");
    }
    expect(await attachmentsOf(later)).toEqual([]);
    expect(await m.fetchMediaItem(tenantId, later, source!)).toMatchObject({ status: "stored" });
  });

  it("throws transient provider errors so the function retries them", async () => {
    const busy = await mediaMessage("whatsapp", { mediaType: "image", mediaId: "busy" }, { accessToken: TOKEN });
    const [source] = await m.loadMediaSources(tenantId, busy);
    await expect(m.fetchMediaItem(tenantId, busy, source!)).rejects.toBeInstanceOf(m.MediaTransient);
    expect(await attachmentsOf(busy)).toEqual([]);
  });

  it("the Inngest function stores the file, and records a persistently failing provider as unavailable after its last retry", async () => {
    const runner = await import("@/inngest/dev-runner");
    const { fetchInboundMedia } = await import("@/inngest/functions/fetch-inbound-media");
    runner.setDevRunnerFunctions([]);
    runner.configureDevRunner({ backoffMs: 1, maxBackoffMs: 5 });
    const event = (f: Awaited<ReturnType<typeof mediaFixture>>) => ({
      name: "message.received",
      id: `ev-${f.inboundMessageId}`,
      data: { tenantId, channelId: f.channelId, channelType: "whatsapp", conversationId: f.conversationId, messageId: f.inboundMessageId!, contactId: f.contactId, kind: "media", conversationCreated: false },
    });
    const ok = await mediaFixture("whatsapp", { mediaType: "image", mediaId: "555" }, { accessToken: TOKEN });
    expect(await runner.runFunction(fetchInboundMedia as never, event(ok))).toMatchObject({ status: "completed", output: { items: 1, failed: 0 } });
    expect(await attachmentsOf(ok.inboundMessageId!)).toHaveLength(1);

    const busy = await mediaFixture("whatsapp", { mediaType: "image", mediaId: "busy" }, { accessToken: TOKEN });
    const r = await runner.runFunction(fetchInboundMedia as never, event(busy));
    expect(r).toMatchObject({ status: "completed", output: { items: 1, failed: 1 } });
    expect(r.attempts).toBeGreaterThan(1);
    expect((await payloadOf(busy.inboundMessageId!)).mediaFetch).toMatchObject({ status: "failed", items: [{ code: "http_503", reason: expect.stringContaining("gave up after") }] });
    runner.setDevRunnerFunctions(undefined);
  });

  it("ignores messages of other tenants (RLS): nothing to fetch", async () => {
    const other = (await createTenantFixture("Media other")).tenantId;
    const id = await mediaMessage("whatsapp", { mediaType: "image", mediaId: "1234567890" }, { accessToken: TOKEN });
    expect(await m.loadMediaSources(other, id)).toEqual([]);
  });
});
