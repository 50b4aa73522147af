import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import type { TMessageDto } from "@/lib/inbox/types";
import { inlineMail, INLINE_PNG } from "./testing/inline-mail";
import { startTestImap, type TTestImap } from "./testing/imap-server";

/**
 * Inline email images on real PostgreSQL (RLS) with the local storage driver:
 * a mail with a cid: image goes through the IMAP poll (parse → ingest → store
 * with its Content-ID), and the inbox's message read (lib/inbox/messages.ts)
 * shows it through a same-origin signed URL that the real download route
 * serves; the window before the parts are stored shows a placeholder; a cid of
 * another message or another tenant resolves to nothing.
 */
const keys = generateKeySpec("k1");
const APP_URL = "http://127.0.0.1:3998";
type TMods = typeof import("./poll-channel") &
  typeof import("./parse") &
  typeof import("./inbound") &
  typeof import("./attachments") &
  typeof import("@/lib/inbox/ingest") &
  typeof import("@/lib/inbox/messages") &
  typeof import("@/lib/channels/store") &
  typeof import("@/lib/db/client") &
  typeof import("@/lib/storage/storage") &
  typeof import("@/lib/storage/local");
let m: TMods;
let GET: (typeof import("@/app/api/attachments/[id]/route"))["GET"];
let a: TTenantFixture;
let b: TTenantFixture;
let imap: TTestImap;
let root: string;

const PNG = INLINE_PNG;

const download = (pathAndQuery: string) => GET(new Request(new URL(pathAndQuery, APP_URL)), { params: Promise.resolve({ id: pathAndQuery.split("?")[0]!.split("/").pop()! }) });

async function connectMailbox(t: TTenantFixture, address: string) {
  const server = { host: imap.host, port: imap.port, secure: false, user: imap.user, pass: imap.pass };
  return m.connectChannel(
    { user: { id: t.userId, email: t.email }, role: "owner", tenant: { id: t.tenantId } },
    { type: "email", name: address, externalId: address, sandbox: false, settings: {}, credentials: { address, smtp: { ...server, port: 2525 }, imap: server }, webhookSecret: null, method: "manual" },
    { requestId: "test", ipPrefix: null },
  );
}

async function messageDto(tenantId: string, messageId: string): Promise<TMessageDto> {
  const dto = await m.withTenant(tenantId, (tx) => m.getMessage(tx, tenantId, messageId));
  expect(dto).not.toBeNull();
  return dto!;
}

/** Parse → ingest as the poll does, without storing the parts yet (the moment between ingest and storing). */
async function ingestOnly(t: TTenantFixture, channelId: string, raw: string, uid: number) {
  const parsed = await m.parseEmail(raw);
  const r = await m.ingestInbound(m.emailInbound(parsed, { tenantId: t.tenantId, channelId }, { uidValidity: "1", uid, eventKey: `imap:1:${uid}:${parsed.messageId}`, size: raw.length }));
  return { parsed, messageId: r.messageId };
}

const srcOf = (html: string) => [...html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g)].map((x) => x[1]!.replace(/&amp;/g, "&"));

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sotto-inline-img-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.stubEnv("APP_URL", APP_URL);
  vi.resetModules();
  m = {
    ...(await import("./poll-channel")),
    ...(await import("./parse")),
    ...(await import("./inbound")),
    ...(await import("./attachments")),
    ...(await import("@/lib/inbox/ingest")),
    ...(await import("@/lib/inbox/messages")),
    ...(await import("@/lib/channels/store")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/storage/storage")),
    ...(await import("@/lib/storage/local")),
  };
  GET = (await import("@/app/api/attachments/[id]/route")).GET;
  m.setStorageDriver(m.localDriver(root));
  (await import("@/inngest/dev-runner")).setDevRunnerFunctions([]);
  a = await createTenantFixture("Inline A");
  b = await createTenantFixture("Inline B");
  imap = await startTestImap({ messages: [] });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  const runner = await import("@/inngest/dev-runner");
  await runner.drainDevRunner();
  runner.setDevRunnerFunctions(undefined);
  await imap?.close();
  await rm(root, { recursive: true, force: true });
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

describe("inline email images", () => {
  it("IMAP poll → stored part with its Content-ID → the inbox shows it inline through the download route; the PDF stays listed", async () => {
    const channel = await connectMailbox(a, "inline@acme-shop.test");
    expect(await m.pollEmailChannel(a.tenantId, channel.id, { idleMs: 0 })).toMatchObject({ status: "polled", result: { initialised: true } });
    const c = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
    await c.connect();
    // The HTML names the part in another case than its Content-ID header, as Outlook does; a second cid is not in the mail; a tracking pixel.
    await c.append(
      "INBOX",
      inlineMail({
        id: "inline-1@example.com",
        to: "inline@acme-shop.test",
        html: '<p>The handle broke:</p><p><img src="cid:Photo.PNG@Maria" alt="Broken handle" width="320"></p><p><img src="cid:signature@maria" alt="Signature"></p><img src="https://tracker.example/open.gif?u=42" width="1" height="1">',
      }),
    );
    await c.logout();
    expect(await m.pollEmailChannel(a.tenantId, channel.id, { idleMs: 0 })).toMatchObject({ status: "polled", result: { imported: 1 } });

    const { rows: msgs } = await ownerPool().query(`SELECT id, html, payload FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2`, [a.tenantId, channel.id]);
    expect(msgs).toHaveLength(1);
    // Stored HTML: the cid kept inert, the pixel blocked.
    expect(msgs[0].html).toContain('data-cid="Photo.PNG@Maria"');
    expect(msgs[0].html).toContain('data-remote-src="https://tracker.example/open.gif?u=42"');
    expect(msgs[0].html).not.toMatch(/\ssrc=/);
    const { rows: atts } = await ownerPool().query(`SELECT id, "fileName", "contentType", "contentId" FROM "Attachment" WHERE "tenantId" = $1 AND "messageId" = $2 ORDER BY "fileName"`, [a.tenantId, msgs[0].id]);
    expect(atts).toEqual([
      { id: expect.any(String), fileName: "image001.png", contentType: "image/png", contentId: "photo.png@maria" },
      { id: expect.any(String), fileName: "receipt.pdf", contentType: "application/pdf", contentId: null },
    ]);
    const [photo, receipt] = atts;

    const dto = await messageDto(a.tenantId, msgs[0].id);
    const srcs = srcOf(dto.html!);
    expect(srcs).toHaveLength(1);
    expect(srcs[0]).toMatch(new RegExp(`^/api/attachments/${photo.id}\\?tenant=${a.tenantId}&exp=\\d+&kid=k1&sig=[A-Za-z0-9_-]{43}$`));
    expect(dto.html).toContain('alt="Broken handle"');
    expect(dto.html).toContain('<span data-inline-image="missing" title="The email refers to an image it does not contain.">Signature (image not included in this email)</span>');
    expect(dto.html).toContain('data-remote-src="https://tracker.example/open.gif?u=42"');
    expect(dto.html).not.toContain("tracker.example/open.gif?u=42\" src");
    expect(dto.attachments.map((x) => [x.fileName, x.inline ?? false])).toEqual([
      ["image001.png", true],
      ["receipt.pdf", false],
    ]);

    // The URL in the body is served by the real route: the image, drawable from the email's sandboxed (opaque-origin) frame.
    const res = await download(srcs[0]!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    const pdf = await download(new URL(dto.attachments.find((x) => x.id === receipt.id)!.url!).pathname + new URL(dto.attachments.find((x) => x.id === receipt.id)!.url!).search);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    // The signature binds the attachment: the same query on another id is refused.
    expect((await download(srcs[0]!.replace(photo.id, receipt.id))).status).toBe(403);
  });

  it("between ingest and storing the body shows a loading placeholder; once stored, the image", async () => {
    const channel = await connectMailbox(a, "inline-pending@acme-shop.test");
    const raw = inlineMail({ id: "inline-2@example.com", to: "inline-pending@acme-shop.test", html: '<p>Photo: <img src="cid:photo.png@maria" alt="Handle"></p>' });
    const { parsed, messageId } = await ingestOnly(a, channel.id, raw, 1);

    const before = await messageDto(a.tenantId, messageId);
    expect(before.html).toBe('<p>Photo: <span data-inline-image="pending" title="The image is still being stored. It appears when it is ready.">Handle (image loading…)</span></p>');
    expect(before.attachments).toEqual([]);

    await m.storeEmailAttachments(a.tenantId, messageId, parsed.attachments.map((x, i) => ({ fileName: x.fileName, content: parsed.attachmentContents[i]!, contentId: x.contentId })));
    const after = await messageDto(a.tenantId, messageId);
    const photo = after.attachments.find((x) => x.fileName === "image001.png")!;
    expect(photo.inline).toBe(true);
    expect(srcOf(after.html!)).toEqual([expect.stringMatching(new RegExp(`^/api/attachments/${photo.id}\\?`))]);
  });

  it("a cid naming another message's or another tenant's part resolves to nothing; a tenant's own part with the same id resolves to its own row", async () => {
    const victimChannel = await connectMailbox(a, "victim@acme-shop.test");
    const victim = await ingestOnly(a, victimChannel.id, inlineMail({ id: "victim-1@example.com", to: "victim@acme-shop.test", html: '<img src="cid:secret-scan@victim" alt="Scan">', contentId: "secret-scan@victim" }), 1);
    await m.storeEmailAttachments(a.tenantId, victim.messageId, victim.parsed.attachments.map((x, i) => ({ fileName: x.fileName, content: victim.parsed.attachmentContents[i]!, contentId: x.contentId })));
    const victimPart = (await messageDto(a.tenantId, victim.messageId)).attachments.find((x) => x.inline)!;
    expect(victimPart).toBeDefined();

    // Same tenant, another message (no parts of its own) naming the victim's Content-ID.
    const sameTenant = await ingestOnly(a, victimChannel.id, inlineMail({ id: "probe-1@evil.example", from: "Mallory <m@evil.example>", to: "victim@acme-shop.test", html: '<img src="cid:secret-scan@victim" alt="probe">', contentId: null }), 2);
    await m.storeEmailAttachments(a.tenantId, sameTenant.messageId, sameTenant.parsed.attachments.map((x, i) => ({ fileName: x.fileName, content: sameTenant.parsed.attachmentContents[i]!, contentId: x.contentId })));
    const probe = await messageDto(a.tenantId, sameTenant.messageId);
    expect(probe.html).toBe('<span data-inline-image="missing" title="The email refers to an image it does not contain.">probe (image not included in this email)</span>');
    expect(probe.html).not.toContain(victimPart.id);

    // Another tenant: no parts of its own, then one whose own part carries the same Content-ID.
    const bChannel = await connectMailbox(b, "inbox@other-tenant.test");
    const foreign = await ingestOnly(b, bChannel.id, inlineMail({ id: "probe-2@evil.example", from: "Mallory <m@evil.example>", to: "inbox@other-tenant.test", html: '<img src="cid:SECRET-SCAN@victim" alt="x">', contentId: null }), 1);
    await m.storeEmailAttachments(b.tenantId, foreign.messageId, foreign.parsed.attachments.map((x, i) => ({ fileName: x.fileName, content: foreign.parsed.attachmentContents[i]!, contentId: x.contentId })));
    const foreignDto = await messageDto(b.tenantId, foreign.messageId);
    expect(foreignDto.html).toContain('data-inline-image="missing"');
    expect(foreignDto.html).not.toContain(victimPart.id);

    const own = await ingestOnly(b, bChannel.id, inlineMail({ id: "own-1@evil.example", from: "Mallory <m@evil.example>", to: "inbox@other-tenant.test", html: '<img src="cid:secret-scan@victim" alt="y">', contentId: "secret-scan@victim" }), 2);
    await m.storeEmailAttachments(b.tenantId, own.messageId, own.parsed.attachments.map((x, i) => ({ fileName: x.fileName, content: own.parsed.attachmentContents[i]!, contentId: x.contentId })));
    const ownDto = await messageDto(b.tenantId, own.messageId);
    const ownPart = ownDto.attachments.find((x) => x.inline)!;
    expect(srcOf(ownDto.html!)).toEqual([expect.stringMatching(new RegExp(`^/api/attachments/${ownPart.id}\\?tenant=${b.tenantId}&`))]);
    expect(ownPart.id).not.toBe(victimPart.id);
    // And tenant B's signed URL cannot be turned into tenant A's file.
    expect((await download(srcOf(ownDto.html!)[0]!.replace(ownPart.id, victimPart.id))).status).toBe(403);
  });
});
