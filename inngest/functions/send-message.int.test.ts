import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, randomId } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { metaError, startFakeHttpProviders, startFakeSmtp, twilioError, FAKE_META_TOKEN, FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN, type TFakeHttpProviders, type TFakeSmtp } from "@/lib/outbound/testing/fake-providers";
import { createConversationFixture, messageRow, optInRow, type TConversationFixtureInput } from "@/lib/outbound/testing/fixtures";
import type { ChannelType } from "@/lib/db/generated/enums";

/**
 * The send function end to end on real PostgreSQL: queue a message, run
 * `send-message` through the in-process runner (the SDK's own executor, with
 * retries and backoff), against fake Meta/Twilio/SMTP servers on loopback.
 */
const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
type TMods = typeof import("./send-message") &
  typeof import("@/inngest/dev-runner") &
  typeof import("@/lib/outbound/queue") &
  typeof import("@/lib/db/client") &
  typeof import("@/lib/realtime/bus") &
  typeof import("@/lib/actions/errors");
let m: TMods;
let fake: TFakeHttpProviders;
let smtp: TFakeSmtp;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  fake = await startFakeHttpProviders();
  smtp = await startFakeSmtp();
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.stubEnv("META_GRAPH_BASE_URL", fake.metaBaseUrl);
  vi.stubEnv("TWILIO_API_BASE_URL", fake.twilioBaseUrl);
  vi.stubEnv("APP_URL", "https://app.sotto.test");
  vi.resetModules();
  m = {
    ...(await import("./send-message")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("@/lib/outbound/queue")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/realtime/bus")),
    ...(await import("@/lib/actions/errors")),
  };
  // Runs are driven by the tests; nothing runs in the background.
  m.setDevRunnerFunctions([]);
  m.configureDevRunner({ backoffMs: 1, maxBackoffMs: 5 });
  const t = await createTenantFixture("Outbound send");
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
});

beforeEach(() => {
  fake.reset();
  smtp.mails.length = 0;
});

const recent = () => new Date(Date.now() - 60_000);
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

const CREDENTIALS = {
  whatsapp: { accessToken: FAKE_META_TOKEN },
  twilio_sms: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
  messenger: { pageAccessToken: FAKE_META_TOKEN },
} as const;

function fixture<T extends ChannelType>(type: T, over: Partial<TConversationFixtureInput<T>> = {}) {
  const identity = { whatsapp: { kind: "wa_id", value: randomId("39") }, twilio_sms: { kind: "phone", value: `+3934${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` }, messenger: { kind: "psid", value: randomId("p") } }[type as "whatsapp"];
  return createConversationFixture({
    tenantId,
    type,
    ring,
    externalId: type === "twilio_sms" ? `+1500${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}` : String(Math.floor(Math.random() * 1e15)),
    credentials: (CREDENTIALS as Record<string, unknown>)[type] as never,
    identity: identity as TConversationFixtureInput<T>["identity"],
    inbound: { at: recent() },
    ...over,
  });
}

async function queue(conversationId: string, input: Partial<Parameters<TMods["queueOutboundMessage"]>[1]> = {}) {
  const r = await m.withTenant(tenantId, (tx) =>
    m.queueOutboundMessage(tx, { tenantId, conversationId, author: { type: "agent", userId }, text: "Ciao Giulia, il tuo ordine è partito!", ...input }),
  );
  return r.messageId;
}

const run = (messageId: string) => m.runFunction(m.sendMessage as never, { name: "message.send", data: { tenantId, messageId }, id: randomId("ev") });

describe("send-message", () => {
  it("sends a WhatsApp reply: queued → sent with the wamid, and tells the inbox", async () => {
    const f = await fixture("whatsapp");
    const id = await queue(f.conversationId);
    expect((await messageRow(tenantId, id)).status).toBe("queued");
    const seen: unknown[] = [];
    const off = m.subscribe(tenantId, (e) => seen.push(e));

    const r = await run(id);
    off();
    expect(r).toMatchObject({ status: "completed", attempts: 1 });
    const row = await messageRow(tenantId, id);
    expect(row.status).toBe("sent");
    expect(row.providerMessageId).toMatch(/^wamid\./);
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.payload).toMatchObject({ delivery: { transport: "whatsapp-cloud" } });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.json).toMatchObject({ to: expect.any(String), type: "text", text: { body: "Ciao Giulia, il tuo ordine è partito!" } });
    expect(seen).toContainEqual({ type: "message.updated", conversationId: f.conversationId, messageId: id });
  });

  it("never sends a message twice: a redelivered event, and two runs at once, reach the provider once", async () => {
    const f = await fixture("whatsapp");
    const id = await queue(f.conversationId);
    await run(id);
    const again = await run(id);
    expect(again).toMatchObject({ status: "completed", output: { outcome: "skipped", status: "sent" } });
    expect(fake.requests).toHaveLength(1);

    fake.reset();
    const id2 = await queue(f.conversationId, { text: "Seconda risposta" });
    const both = await Promise.all([run(id2), run(id2)]);
    expect(both.map((b) => b.status)).toEqual(["completed", "completed"]);
    expect(fake.requests).toHaveLength(1);
    expect((await messageRow(tenantId, id2)).status).toBe("sent");
  });

  it("records a permanent error as failed with the provider's code and reason, without retrying", async () => {
    const f = await fixture("whatsapp");
    const id = await queue(f.conversationId);
    fake.respond(/messages$/, { status: 400, body: metaError(131026, "(#131026) Message Undeliverable", "Message Undeliverable.") });
    const r = await run(id);
    expect(r).toMatchObject({ status: "failed", attempts: 1 });
    expect(fake.requests).toHaveLength(1);
    const row = await messageRow(tenantId, id);
    expect(row).toMatchObject({ status: "failed", errorCode: "131026", errorMessage: "Message Undeliverable." });
    expect(row.failedAt).toBeInstanceOf(Date);
    expect(row.payload).toMatchObject({ failure: { provider: { code: 131026 } } });
  });

  it("retries transient errors (rate limit, 5xx) and then sends", async () => {
    const f = await fixture("whatsapp");
    const id = await queue(f.conversationId);
    fake.respond(/messages$/, { status: 400, body: metaError(130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached."), headers: { "retry-after": "1" } });
    fake.respond(/messages$/, { status: 503, body: { error: { message: "Service temporarily unavailable", type: "OAuthException", code: 2, is_transient: true, fbtrace_id: "x" } } });
    const r = await run(id);
    expect(r).toMatchObject({ status: "completed", attempts: 3 });
    expect(fake.requests).toHaveLength(3);
    expect((await messageRow(tenantId, id)).status).toBe("sent");
  });

  it("gives up after the last retry and records the last transient error", async () => {
    const f = await fixture("whatsapp");
    const id = await queue(f.conversationId);
    for (let i = 0; i <= m.SEND_MESSAGE_RETRIES; i++) fake.respond(/messages$/, { status: 500, body: metaError(131000, "(#131000) Something went wrong", "Something went wrong") });
    const r = await run(id);
    expect(r).toMatchObject({ status: "failed", attempts: m.SEND_MESSAGE_RETRIES + 1 });
    expect(fake.requests).toHaveLength(m.SEND_MESSAGE_RETRIES + 1);
    expect(await messageRow(tenantId, id)).toMatchObject({ status: "failed", errorCode: "131000" });
  });

  it("refuses WhatsApp free-form text after 24 hours without calling Meta, and sends a template", async () => {
    const f = await fixture("whatsapp", { inbound: { at: hoursAgo(30) } });
    const text = await queue(f.conversationId);
    expect(await run(text)).toMatchObject({ status: "failed", attempts: 1 });
    const row = await messageRow(tenantId, text);
    expect(row).toMatchObject({ status: "failed", errorCode: "window_closed" });
    expect(row.errorMessage).toMatch(/template/);
    expect(fake.requests).toHaveLength(0);

    const tpl = await queue(f.conversationId, { text: "Ciao Giulia, il tuo ordine A-1042 è partito", template: { name: "order_shipped", language: "it", variables: ["Giulia", "A-1042"] } });
    expect(await run(tpl)).toMatchObject({ status: "completed" });
    expect(await messageRow(tenantId, tpl)).toMatchObject({ status: "sent", kind: "template" });
    expect(fake.requests[0]!.json).toMatchObject({ type: "template", template: { name: "order_shipped", language: { code: "it" } } });
  });

  it("sends a sandbox channel's message nowhere and records the exact request, secrets redacted", async () => {
    const f = await fixture("whatsapp", { sandbox: true });
    const id = await queue(f.conversationId);
    expect(await run(id)).toMatchObject({ status: "completed", output: { outcome: "sandboxed" } });
    expect(fake.requests).toHaveLength(0);
    const row = await messageRow(tenantId, id);
    expect(row.status).toBe("sandboxed");
    expect(row.payload.sandbox).toMatchObject({
      transport: "whatsapp-cloud",
      request: {
        method: "POST",
        url: `${fake.metaBaseUrl}/${f.externalId}/messages`,
        headers: { authorization: "Bearer [redacted]" },
        body: { messaging_product: "whatsapp", type: "text", text: { body: "Ciao Giulia, il tuo ordine è partito!" } },
      },
    });
    expect(JSON.stringify(row.payload)).not.toContain(FAKE_META_TOKEN);

    // No credentials at all: the sandbox too, never a silent no-op.
    const bare = await fixture("twilio_sms", { credentials: null });
    const id2 = await queue(bare.conversationId);
    await run(id2);
    const row2 = await messageRow(tenantId, id2);
    expect(row2.status).toBe("sandboxed");
    expect(row2.payload.sandbox).toMatchObject({ transport: "twilio", request: { url: `${fake.twilioBaseUrl}/2010-04-01/Accounts/%7BAccountSid%7D/Messages.json`, body: expect.arrayContaining([["Body", "Ciao Giulia, il tuo ordine è partito!"]]) } });
  });

  it("Twilio 21610: failed, not retried, and the contact is recorded as opted out, so the next campaign is refused", async () => {
    const f = await fixture("twilio_sms");
    const id = await queue(f.conversationId);
    fake.respond(/Messages\.json$/, { status: 400, body: twilioError(21610, "Attempt to send to unsubscribed recipient", 400) });
    expect(await run(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(await messageRow(tenantId, id)).toMatchObject({ status: "failed", errorCode: "21610", errorMessage: "Attempt to send to unsubscribed recipient" });
    expect(await optInRow(tenantId, f.contactId, "twilio_sms")).toMatchObject({ status: "opted_out", source: "provider" });
    await expect(queue(f.conversationId, { purpose: "campaign" })).rejects.toBeInstanceOf(m.ActionError);
  });

  it("re-checks opt-out before sending: a campaign queued before STOP is not sent after it", async () => {
    const f = await fixture("twilio_sms");
    const id = await queue(f.conversationId, { purpose: "campaign", text: "Saldi -30%" });
    await ownerPool().query(
      `INSERT INTO "ContactOptIn" (id, "tenantId", "contactId", "channelType", status, source, keyword) VALUES ($1, $2, $3, 'twilio_sms', 'opted_out', 'keyword', 'STOP')`,
      [randomId("oi"), tenantId, f.contactId],
    );
    expect(await run(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(await messageRow(tenantId, id)).toMatchObject({ status: "failed", errorCode: "opted_out" });
    expect(fake.requests).toHaveLength(0);
  });

  it("re-checks restriction before sending", async () => {
    const f = await fixture("whatsapp");
    const id = await queue(f.conversationId);
    await ownerPool().query(`UPDATE "Contact" SET restricted = true WHERE "tenantId" = $1 AND id = $2`, [tenantId, f.contactId]);
    await run(id);
    expect(await messageRow(tenantId, id)).toMatchObject({ status: "failed", errorCode: "restricted" });
    expect(fake.requests).toHaveLength(0);
  });

  it("sends an email reply in the customer's thread and stores our Message-ID as the provider id", async () => {
    const f = await createConversationFixture({
      tenantId,
      type: "email",
      ring,
      externalId: `${randomId("support")}@shop.test`,
      credentials: {
        address: "support@shop.test",
        fromName: "Shop Support",
        smtp: { host: smtp.host, port: smtp.port, secure: false, user: smtp.user, pass: smtp.pass },
        imap: { host: smtp.host, port: 993, secure: true, user: smtp.user, pass: smtp.pass },
      },
      identity: { kind: "email", value: "giulia@example.com" },
      subject: "Ordine A-1042",
      inbound: { at: recent(), providerMessageId: "<CAF=inbound1@mail.example.com>", payload: { references: ["<root@mail.example.com>"] } },
    });
    const id = await queue(f.conversationId, { text: "Ciao Giulia,\nil pacco è partito oggi." });
    expect(await run(id)).toMatchObject({ status: "completed" });
    const row = await messageRow(tenantId, id);
    expect(row).toMatchObject({ status: "sent", kind: "email", providerMessageId: `<sotto.${id}@app.sotto.test>` });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["giulia@example.com"]);
    expect(smtp.mails[0]!.headers).toMatchObject({
      "message-id": `<sotto.${id}@app.sotto.test>`,
      "in-reply-to": "<CAF=inbound1@mail.example.com>",
      references: "<root@mail.example.com> <CAF=inbound1@mail.example.com>",
      subject: "Re: Ordine A-1042",
    });
  });

  it("marks widget messages sent at once (the widget's live connection delivers them)", async () => {
    const f = await createConversationFixture({ tenantId, type: "widget", ring, identity: { kind: "visitor", value: randomId("v") }, inbound: { at: recent() } });
    const id = await queue(f.conversationId);
    expect(await run(id)).toMatchObject({ status: "completed", output: { outcome: "accepted" } });
    expect(await messageRow(tenantId, id)).toMatchObject({ status: "sent", providerMessageId: null });
  });
});
