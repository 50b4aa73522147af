import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, randomId } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { createConversationFixture, messageRow, optInRow, outboundMessages, outboxRows } from "./testing/fixtures";

/**
 * Queuing outbound messages on real PostgreSQL under RLS: what is written, what
 * is refused (channel limits, restriction, opt-out), and the opt-out keyword
 * flow end to end through ingest (STOP, acknowledgement, START).
 */
const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
type TMods = typeof import("./queue") & typeof import("@/lib/db/client") & typeof import("./opt-ack") & typeof import("@/lib/inbox/ingest") & typeof import("@/lib/actions/errors");
let m: TMods;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.resetModules();
  m = {
    ...(await import("./queue")),
    ...(await import("@/lib/db/client")),
    ...(await import("./opt-ack")),
    ...(await import("@/lib/inbox/ingest")),
    ...(await import("@/lib/actions/errors")),
  };
  // Queuing kicks the outbox relay; keep the in-process runner from sending in the background here.
  (await import("@/inngest/dev-runner")).setDevRunnerFunctions([]);
  const t = await createTenantFixture("Outbound queue");
  tenantId = t.tenantId;
  userId = t.userId;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  const runner = await import("@/inngest/dev-runner");
  await (await import("@/lib/inbox/outbox-relay")).relayOutbox();
  await runner.drainDevRunner();
  runner.setDevRunnerFunctions(undefined);
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const agent = () => ({ type: "agent" as const, userId });
const recent = () => new Date(Date.now() - 60_000);

async function queue(input: Omit<Parameters<TMods["queueOutboundMessage"]>[1], "tenantId" | "author"> & { author?: Parameters<TMods["queueOutboundMessage"]>[1]["author"] }) {
  return m.withTenant(tenantId, (tx) => m.queueOutboundMessage(tx, { tenantId, author: agent(), ...input }));
}

async function refusal(p: Promise<unknown>) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(m.ActionError);
  return e as InstanceType<TMods["ActionError"]>;
}

const whatsappFixture = (over: Partial<Parameters<typeof createConversationFixture<"whatsapp">>[0]> = {}) =>
  createConversationFixture({ tenantId, type: "whatsapp", ring, credentials: { accessToken: "tok" }, identity: { kind: "wa_id", value: randomId("39") }, inbound: { at: recent() }, ...over });

describe("queueOutboundMessage", () => {
  it("stores a queued outbound message and its message.send outbox event, and moves the conversation", async () => {
    const f = await whatsappFixture();
    const r = await queue({ conversationId: f.conversationId, text: "Ciao Giulia, è partito!" });
    expect(r.status).toBe("queued");
    const row = await messageRow(tenantId, r.messageId);
    expect(row).toMatchObject({ status: "queued", kind: "text", text: "Ciao Giulia, è partito!", isPrivate: false, authorType: "agent", payload: { purpose: "reply" } });
    const outbox = (await outboxRows(tenantId)).filter((o) => o.eventId === r.messageId);
    expect(outbox).toEqual([{ name: "message.send", eventId: r.messageId, data: { tenantId, messageId: r.messageId } }]);
    const { rows } = await ownerPool().query(`SELECT "lastMessagePreview" FROM "Conversation" WHERE id = $1`, [f.conversationId]);
    expect(rows[0].lastMessagePreview).toBe("Ciao Giulia, è partito!");
  });

  it("stores a private note that goes nowhere (no outbox event)", async () => {
    const f = await whatsappFixture();
    const before = (await outboxRows(tenantId)).length;
    const r = await queue({ conversationId: f.conversationId, text: "Cliente VIP, rispondere entro oggi", isPrivate: true });
    expect(r.status).toBe("received");
    expect(await messageRow(tenantId, r.messageId)).toMatchObject({ kind: "note", isPrivate: true, status: "received" });
    expect((await outboxRows(tenantId)).length).toBe(before);
  });

  it("returns the stored message for a retried submit with the same clientMessageId", async () => {
    const f = await whatsappFixture();
    const a = await queue({ conversationId: f.conversationId, text: "Una volta sola", clientMessageId: "client-abc-123" });
    const b = await queue({ conversationId: f.conversationId, text: "Una volta sola", clientMessageId: "client-abc-123" });
    expect(b.messageId).toBe(a.messageId);
    expect((await outboxRows(tenantId)).filter((o) => o.eventId === a.messageId)).toHaveLength(1);
    expect(await outboundMessages(tenantId, f.conversationId)).toHaveLength(1);
  });

  it("enforces each channel's text limit and refuses templates outside WhatsApp", async () => {
    const sms = await createConversationFixture({ tenantId, type: "twilio_sms", ring, identity: { kind: "phone", value: `+3934${Math.floor(Math.random() * 1e8)}` }, inbound: { at: recent() } });
    expect((await refusal(queue({ conversationId: sms.conversationId, text: "x".repeat(1601) }))).message).toBe("Messages on SMS are limited to 1,600 characters.");
    await expect(queue({ conversationId: sms.conversationId, text: "x".repeat(1600) })).resolves.toMatchObject({ status: "queued" });

    const wa = await whatsappFixture();
    expect((await refusal(queue({ conversationId: wa.conversationId, text: "x".repeat(4097) }))).code).toBe("invalid");

    const fb = await createConversationFixture({ tenantId, type: "messenger", ring, identity: { kind: "psid", value: randomId("p") }, inbound: { at: recent() } });
    expect((await refusal(queue({ conversationId: fb.conversationId, text: "x".repeat(2001) }))).message).toMatch(/Messenger.*2,000/);
    const tpl = await refusal(queue({ conversationId: fb.conversationId, text: "", template: { name: "order_update", language: "it" } }));
    expect(tpl.message).toMatch(/WhatsApp feature/);
    expect(await outboundMessages(tenantId, fb.conversationId)).toHaveLength(0);
  });

  it("sends a restricted contact nothing but the reply to their data-subject request", async () => {
    const f = await whatsappFixture({ contact: { restricted: true } });
    for (const purpose of ["reply", "transactional", "campaign"] as const) {
      const e = await refusal(queue({ conversationId: f.conversationId, text: "Offerta!", purpose }));
      expect(e.code).toBe("forbidden");
      expect(e.message).toMatch(/restricted/);
    }
    expect(await outboundMessages(tenantId, f.conversationId)).toHaveLength(0);
    const ok = await queue({ conversationId: f.conversationId, text: "Abbiamo limitato il trattamento dei tuoi dati come richiesto.", purpose: "dsr_reply" });
    expect(ok.status).toBe("queued");
  });
});

describe("opt-out keywords, end to end through ingest", () => {
  async function smsContact(channelSettings: Record<string, unknown> = {}) {
    const phone = `+3934${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const f = await createConversationFixture({ tenantId, type: "twilio_sms", ring, identity: { kind: "phone", value: phone }, settings: channelSettings, inbound: null });
    const inbound = (text: string) =>
      m.ingestInbound({
        tenantId,
        channelId: f.channelId,
        channelType: "twilio_sms",
        contact: { identities: [{ kind: "phone", value: phone }] },
        providerMessageId: randomId("SM"),
        kind: "text",
        text,
        raw: { provider: "twilio", eventKey: randomId("ev"), payload: { Body: text } },
      });
    return { ...f, inbound };
  }
  const ack = (f: { contactId: string; conversationId: string }, messageId: string, status: "opted_in" | "opted_out") =>
    m.acknowledgeOptChange({ tenantId, contactId: f.contactId, channelType: "twilio_sms", conversationId: f.conversationId, messageId, status });

  it("after STOP: campaigns are refused, one acknowledgement is sent (once, however often the event arrives), then nothing; START re-enables", async () => {
    const f = await smsContact();
    const first = await f.inbound("Ciao, info sul mio ordine?");
    const conversationId = first.conversationId;
    await expect(queue({ conversationId, text: "Saldi di primavera -30%", purpose: "campaign" })).resolves.toMatchObject({ status: "queued" });

    const stop = await f.inbound("STOP");
    expect(await optInRow(tenantId, f.contactId, "twilio_sms")).toMatchObject({ status: "opted_out", keyword: "STOP", acknowledged: false });

    const campaign = await refusal(queue({ conversationId, text: "Saldi di primavera -40%", purpose: "campaign" }));
    expect(campaign.code).toBe("forbidden");
    expect(campaign.message).toMatch(/opted out/);

    // The acknowledgement, twice (a redelivered event): queued exactly once.
    const a1 = await ack({ contactId: f.contactId, conversationId }, stop.messageId, "opted_out");
    const a2 = await ack({ contactId: f.contactId, conversationId }, stop.messageId, "opted_out");
    expect(a1.acknowledged).toBe(true);
    expect(a2).toEqual({ acknowledged: false, reason: "already_acknowledged" });
    const sent = await outboundMessages(tenantId, conversationId);
    const acks = sent.filter((s) => s.authorType === "system");
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ status: "queued", payload: { purpose: "transactional" } });
    expect(acks[0]!.text).toMatch(/unsubscribed.*START to resubscribe/);
    expect(await optInRow(tenantId, f.contactId, "twilio_sms")).toMatchObject({ acknowledged: true });

    // Their STOP has been answered: no further replies, transactional or not.
    expect((await refusal(queue({ conversationId, text: "Ci dispiace vederti andare" }))).message).toMatch(/opted out/);
    expect((await refusal(queue({ conversationId, text: "Il tuo ordine è partito", purpose: "transactional" }))).code).toBe("forbidden");

    // The contact writes again: one reply to that message is allowed.
    await f.inbound("Perché mi avete scritto?");
    await expect(queue({ conversationId, text: "Era un errore, scusaci." })).resolves.toMatchObject({ status: "queued" });
    expect((await refusal(queue({ conversationId, text: "E un'altra cosa…" }))).code).toBe("forbidden");

    const start = await f.inbound("START");
    expect(await optInRow(tenantId, f.contactId, "twilio_sms")).toMatchObject({ status: "opted_in", acknowledged: false });
    const resub = await ack({ contactId: f.contactId, conversationId }, start.messageId, "opted_in");
    expect(resub.acknowledged).toBe(true);
    await expect(queue({ conversationId, text: "Bentornata! -30%", purpose: "campaign" })).resolves.toMatchObject({ status: "queued" });
  });

  it("answers in the keyword's language, and a superseded keyword is not acknowledged", async () => {
    const it_ = await smsContact();
    const basta = await it_.inbound("Basta!");
    await ack({ contactId: it_.contactId, conversationId: basta.conversationId }, basta.messageId, "opted_out");
    const itAck = (await outboundMessages(tenantId, basta.conversationId)).at(-1)!;
    expect(itAck.text).toMatch(/^Hai annullato l'iscrizione.*ISCRIVI/);

    const es = await smsContact();
    const baja = await es.inbound("BAJA");
    const alta = await es.inbound("alta");
    // The BAJA event arrives after ALTA was stored: it is superseded, only ALTA is confirmed.
    expect(await ack({ contactId: es.contactId, conversationId: baja.conversationId }, baja.messageId, "opted_out")).toEqual({ acknowledged: false, reason: "superseded" });
    expect(await ack({ contactId: es.contactId, conversationId: alta.conversationId }, alta.messageId, "opted_in")).toMatchObject({ acknowledged: true });
    const esAcks = (await outboundMessages(tenantId, alta.conversationId)).filter((x) => x.authorType === "system");
    expect(esAcks.map((x) => x.text)).toEqual([expect.stringMatching(/^Te has vuelto a suscribir/)]);
  });

  it("leaves the confirmation to Twilio when the channel uses Advanced Opt-Out", async () => {
    const f = await smsContact({ twilioAdvancedOptOut: true });
    const stop = await f.inbound("STOP");
    expect(await ack({ contactId: f.contactId, conversationId: stop.conversationId }, stop.messageId, "opted_out")).toEqual({ acknowledged: false, reason: "provider_handles_opt_out" });
    expect(await outboundMessages(tenantId, stop.conversationId)).toHaveLength(0);
  });
});
