import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { startFakeClamd, type TFakeClamd } from "@/lib/storage/testing/fake-clamd";
import { startTestImap, type TTestImap } from "./testing/imap-server";

/**
 * Email attachments through the real IMAP poll (hoodiecrow-imap on loopback,
 * mailparser): an accepted file becomes an Attachment of the message with its
 * type sniffed from the bytes; a refused one is recorded on the message with
 * the reason, and the rest of the mail is still ingested. Files pass a clamd
 * stand-in; while it does not answer, mail with attachments waits on the server.
 */
const keys = generateKeySpec("k1");
type TMods = typeof import("./poll-channel") & typeof import("@/lib/channels/store") & typeof import("@/lib/db/client") & typeof import("@/lib/storage/storage") & typeof import("@/lib/storage/local") & typeof import("@/lib/storage/attachments");
let m: TMods;
let t: TTenantFixture;
let imap: TTestImap;
let root: string;
let clamd: TFakeClamd;

const PDF = Buffer.from("%PDF-1.4\n% invoice\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);

const mailWithFiles = (id: string) =>
  [
    "From: Maria Rossi <maria@example.com>",
    "To: files@acme-shop.test",
    "Subject: Invoice attached",
    `Message-ID: <${id}>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Here is the invoice.",
    "--b1",
    // Declared as an image: the stored type comes from the bytes.
    'Content-Type: image/png; name="fattura.pdf"',
    'Content-Disposition: attachment; filename="fattura.pdf"',
    "Content-Transfer-Encoding: base64",
    "",
    PDF.toString("base64"),
    "--b1",
    'Content-Type: application/octet-stream; name="tool.bin"',
    'Content-Disposition: attachment; filename="tool.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    ELF.toString("base64"),
    "--b1--",
    "",
  ].join("\r\n");

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sotto-email-att-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  clamd = await startFakeClamd();
  vi.stubEnv("CLAMAV_URL", clamd.url);
  vi.resetModules();
  m = {
    ...(await import("./poll-channel")),
    ...(await import("@/lib/channels/store")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/storage/storage")),
    ...(await import("@/lib/storage/local")),
    ...(await import("@/lib/storage/attachments")),
  };
  m.setStorageDriver(m.localDriver(root));
  (await import("@/inngest/dev-runner")).setDevRunnerFunctions([]);
  t = await createTenantFixture("Mail files");
  imap = await startTestImap({ messages: [] });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  const runner = await import("@/inngest/dev-runner");
  await runner.drainDevRunner();
  runner.setDevRunnerFunctions(undefined);
  await imap?.close();
  await clamd?.close();
  await rm(root, { recursive: true, force: true });
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

/** An email channel on the test IMAP server, connected as an owner would and polled once (which sets its cursor). */
async function connectMailbox(address: string): Promise<{ id: string }> {
  const server = { host: imap.host, port: imap.port, secure: false, user: imap.user, pass: imap.pass };
  const channel = await m.connectChannel(
    { user: { id: t.userId, email: t.email }, role: "owner", tenant: { id: t.tenantId } },
    { type: "email", name: address, externalId: address, sandbox: false, settings: {}, credentials: { address, smtp: { ...server, port: 2525 }, imap: server }, webhookSecret: null, method: "manual" },
    { requestId: "test", ipPrefix: null },
  );
  expect(await m.pollEmailChannel(t.tenantId, channel.id, { idleMs: 0 })).toMatchObject({ status: "polled" });
  return channel;
}

/** A sender's client that appends mail to the test mailbox. */
async function mailClient(): Promise<ImapFlow> {
  const c = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
  await c.connect();
  return c;
}

describe("email attachments", () => {
  it("stores accepted files as the message's attachments and records refused ones with the reason", async () => {
    const channel = await connectMailbox("files@acme-shop.test");
    const c = await mailClient();
    await c.append("INBOX", mailWithFiles("files-1@example.com"));
    await c.logout();
    expect(await m.pollEmailChannel(t.tenantId, channel.id, { idleMs: 0 })).toMatchObject({ status: "polled", result: { imported: 1 } });

    const { rows: msgs } = await ownerPool().query(`SELECT id, text, payload FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2`, [t.tenantId, channel.id]);
    expect(msgs).toHaveLength(1);
    expect(msgs[0].text).toBe("Here is the invoice.");
    const { rows: atts } = await ownerPool().query(`SELECT id, "fileName", "contentType", size FROM "Attachment" WHERE "tenantId" = $1 AND "messageId" = $2`, [t.tenantId, msgs[0].id]);
    expect(atts).toEqual([{ id: expect.any(String), fileName: "fattura.pdf", contentType: "application/pdf", size: PDF.length }]);
    expect(Buffer.from((await m.readAttachment(t.tenantId, atts[0].id))!.bytes)).toEqual(PDF);
    expect(msgs[0].payload.mediaFetch).toMatchObject({
      status: "partial",
      items: [
        { index: 0, status: "stored", attachmentId: atts[0].id },
        { index: 1, status: "failed", code: "type_not_allowed", reason: expect.stringContaining("tool.bin") },
      ],
    });
  });

  it("leaves mail with attachments on the server while the virus scanner is down, and reads it when it is back", async () => {
    const channel = await connectMailbox("scan@acme-shop.test");
    const plain = (id: string) => ["From: Luca <luca@example.com>", "To: scan@acme-shop.test", "Subject: Hello", `Message-ID: <${id}>`, "", `Plain mail ${id}`, ""].join("\r\n");
    const c = await mailClient();
    await c.append("INBOX", plain("before@example.com"));
    await c.append("INBOX", mailWithFiles("scan-1@example.com"));
    await c.append("INBOX", plain("after@example.com"));
    await c.logout();
    const messages = async () =>
      (await ownerPool().query<{ text: string; id: string }>(`SELECT id, text FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2 ORDER BY "createdAt", id`, [t.tenantId, channel.id])).rows;
    const deferredLog = async () =>
      (await ownerPool().query(`SELECT detail FROM "DeliveryLog" WHERE "tenantId" = $1 AND "channelId" = $2 AND outcome = 'deferred'`, [t.tenantId, channel.id])).rows;
    const lastError = async () =>
      (await ownerPool().query<{ e: string | null }>(`SELECT settings->'imap'->>'lastError' AS e FROM "Channel" WHERE id = $1`, [channel.id])).rows[0]!.e;

    clamd.setMode("close");
    // Twice while it is down: the mail waits both times, the delivery log says so once.
    for (let i = 0; i < 2; i++) {
      expect(await m.pollEmailChannel(t.tenantId, channel.id, { idleMs: 0 })).toMatchObject({ status: "polled", result: { deferred: true, imported: i === 0 ? 1 : 0 } });
    }
    expect((await messages()).map((r) => r.text)).toEqual(["Plain mail before@example.com"]);
    expect(await deferredLog()).toEqual([{ detail: expect.stringContaining("virus scanner does not answer") }]);
    expect(await lastError()).toMatch(/virus scanner does not answer/);

    clamd.setMode("answer");
    expect(await m.pollEmailChannel(t.tenantId, channel.id, { idleMs: 0 })).toMatchObject({ status: "polled", result: { deferred: false, imported: 2 } });
    const after = await messages();
    expect(after.map((r) => r.text)).toEqual(["Plain mail before@example.com", "Here is the invoice.", "Plain mail after@example.com"]);
    const { rows: atts } = await ownerPool().query(`SELECT "fileName" FROM "Attachment" WHERE "tenantId" = $1 AND "messageId" = $2`, [t.tenantId, after[1]!.id]);
    expect(atts).toEqual([{ fileName: "fattura.pdf" }]);
    expect(await lastError()).toBeNull();
  });
});
