import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, randomId } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { startFakeHttpProviders, startFakeSmtp, FAKE_META_TOKEN, FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN, type TFakeHttpProviders, type TFakeSmtp } from "./testing/fake-providers";
import { createConversationFixture, messageRow } from "./testing/fixtures";

/**
 * Outbound attachments end to end: an uploaded file linked to a reply, sent by
 * the real send-message function to fake providers on loopback. Chat
 * providers get a signed Sotto URL that downloads the file through the real
 * route handler; SMTP carries the bytes in the mail.
 */
const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
const PDF = Buffer.from("%PDF-1.4\n% order confirmation\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
type TMods = typeof import("@/inngest/functions/send-message") & typeof import("@/inngest/dev-runner") & typeof import("./queue") & typeof import("@/lib/db/client") &
  typeof import("@/lib/storage/storage") & typeof import("@/lib/storage/local") & typeof import("@/lib/storage/attachments");
let m: TMods;
let GET: (typeof import("@/app/api/attachments/[id]/route"))["GET"];
let fake: TFakeHttpProviders;
let smtp: TFakeSmtp;
let root: string;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  fake = await startFakeHttpProviders();
  smtp = await startFakeSmtp();
  root = await mkdtemp(path.join(tmpdir(), "sotto-outbound-att-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.stubEnv("META_GRAPH_BASE_URL", fake.metaBaseUrl);
  vi.stubEnv("TWILIO_API_BASE_URL", fake.twilioBaseUrl);
  vi.stubEnv("APP_URL", "https://app.sotto.test");
  vi.resetModules();
  m = {
    ...(await import("@/inngest/functions/send-message")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("./queue")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/storage/storage")),
    ...(await import("@/lib/storage/local")),
    ...(await import("@/lib/storage/attachments")),
  };
  GET = (await import("@/app/api/attachments/[id]/route")).GET;
  m.setDevRunnerFunctions([]);
  m.configureDevRunner({ backoffMs: 1, maxBackoffMs: 5 });
  m.setStorageDriver(m.localDriver(root));
  const t = await createTenantFixture("Outbound attachments");
  tenantId = t.tenantId;
  userId = t.userId;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await (await import("@/lib/inbox/outbox-relay")).relayOutbox();
  await m.drainDevRunner();
  m.setDevRunnerFunctions(undefined);
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
  await fake.close();
  await smtp.close();
  await rm(root, { recursive: true, force: true });
});

async function sendWithFile(conversationId: string, text: string) {
  const file = await m.storeAttachment({ tenantId, fileName: "conferma.pdf", body: new Uint8Array(PDF) });
  const { messageId } = await m.withTenant(tenantId, (tx) =>
    m.queueOutboundMessage(tx, { tenantId, conversationId, author: { type: "agent", userId }, text, attachments: [{ attachmentId: file.id }] }),
  );
  const r = await m.runFunction(m.sendMessage as never, { name: "message.send", data: { tenantId, messageId }, id: randomId("ev") });
  return { messageId, file, r };
}

async function fetchSigned(link: string) {
  const url = new URL(link);
  return GET(new Request(url), { params: Promise.resolve({ id: url.pathname.split("/").pop()! }) });
}

describe("outbound attachments", () => {
  it("WhatsApp gets a signed document link that serves the file", async () => {
    fake.reset();
    const f = await createConversationFixture({ tenantId, type: "whatsapp", ring, externalId: String(Date.now()), credentials: { accessToken: FAKE_META_TOKEN }, identity: { kind: "wa_id", value: randomId("39") }, inbound: { at: new Date(Date.now() - 60_000) } });
    const { messageId, file, r } = await sendWithFile(f.conversationId, "Ecco la conferma");
    expect(r).toMatchObject({ status: "completed" });
    expect((await messageRow(tenantId, messageId)).status).toBe("sent");
    const body = fake.requests[0]!.json as { type: string; document: { link: string; filename?: string; caption?: string } };
    expect(body.type).toBe("document");
    expect(body.document.link).toMatch(new RegExp(`^https://app\\.sotto\\.test/api/attachments/${file.id}\\?tenant=${tenantId}&exp=\\d+&kid=k1&sig=`));
    const res = await fetchSigned(body.document.link);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
  });

  it("Twilio gets the signed URL as MediaUrl", async () => {
    fake.reset();
    const f = await createConversationFixture({ tenantId, type: "twilio_sms", ring, externalId: `+1500${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`, credentials: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN }, identity: { kind: "phone", value: "+393470000001" }, inbound: { at: new Date(Date.now() - 60_000) } });
    const { r } = await sendWithFile(f.conversationId, "Conferma in allegato");
    expect(r).toMatchObject({ status: "completed" });
    const media = fake.requests[0]!.form!.getAll("MediaUrl");
    expect(media).toHaveLength(1);
    expect((await fetchSigned(media[0]!)).status).toBe(200);
  });

  it("email carries the file's bytes as a MIME attachment", async () => {
    smtp.mails.length = 0;
    const f = await createConversationFixture({
      tenantId,
      type: "email",
      ring,
      externalId: `${randomId("support")}@shop.test`,
      credentials: { address: "support@shop.test", smtp: { host: smtp.host, port: smtp.port, secure: false, user: smtp.user, pass: smtp.pass }, imap: { host: smtp.host, port: 993, secure: true, user: smtp.user, pass: smtp.pass } },
      identity: { kind: "email", value: "giulia@example.com" },
      subject: "Ordine A-1042",
      inbound: { at: new Date(Date.now() - 60_000), providerMessageId: "<in1@mail.example.com>" },
    });
    const { messageId, r } = await sendWithFile(f.conversationId, "In allegato la conferma.");
    expect(r).toMatchObject({ status: "completed" });
    expect((await messageRow(tenantId, messageId)).status).toBe("sent");
    const parsed = await simpleParser(smtp.mails[0]!.raw);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([["conferma.pdf", "application/pdf"]]);
    expect(parsed.attachments[0]!.content).toEqual(PDF);
  });
});
