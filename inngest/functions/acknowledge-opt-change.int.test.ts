import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, randomId } from "@/lib/testing/db";
import { createKeyRing, generateKeySpec } from "@/lib/crypto/key-ring";
import { FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN, startFakeHttpProviders, type TFakeHttpProviders } from "@/lib/outbound/testing/fake-providers";
import { createConversationFixture, optInRow, outboundMessages } from "@/lib/outbound/testing/fixtures";

/**
 * The whole opt-out loop with the real function registry: an SMS "STOP"
 * arrives through ingest, the outbox relay hands `contact.opt_changed` to the
 * in-process runner, the acknowledgement is queued once and sent to (fake)
 * Twilio by send-message; campaigns are refused until "START".
 */
const keys = generateKeySpec("k1");
const ring = createKeyRing(keys);
type TMods = typeof import("./acknowledge-opt-change") &
  typeof import("@/inngest/dev-runner") &
  typeof import("@/lib/inbox/outbox-relay") &
  typeof import("@/lib/inbox/ingest") &
  typeof import("@/lib/outbound/queue") &
  typeof import("@/lib/db/client") &
  typeof import("@/lib/actions/errors");
let m: TMods;
let fake: TFakeHttpProviders;
let tenantId: string;

beforeAll(async () => {
  fake = await startFakeHttpProviders();
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.stubEnv("TWILIO_API_BASE_URL", fake.twilioBaseUrl);
  vi.stubEnv("APP_URL", "https://app.sotto.test");
  vi.resetModules();
  m = {
    ...(await import("./acknowledge-opt-change")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("@/lib/inbox/outbox-relay")),
    ...(await import("@/lib/inbox/ingest")),
    ...(await import("@/lib/outbound/queue")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/actions/errors")),
  };
  m.setDevRunnerFunctions(undefined);
  m.configureDevRunner({ backoffMs: 1, maxBackoffMs: 5 });
  tenantId = (await createTenantFixture("Opt-out loop")).tenantId;
});

afterAll(async () => {
  await settle();
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
  await fake.close();
});

beforeEach(() => fake.reset());

/** Relay and run until nothing is pending: each queued acknowledgement writes another outbox row. */
async function settle() {
  for (let i = 0; i < 10; i++) {
    const r = await m.relayOutbox();
    await m.drainDevRunner();
    if (r.sent === 0 && r.batches === 0) return;
  }
}

describe("opt-out acknowledgement, end to end", () => {
  it("STOP: one acknowledgement reaches Twilio, a redelivered event sends nothing more, campaigns are refused; START: confirmed and re-enabled", async () => {
    const phone = `+3934${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const f = await createConversationFixture({
      tenantId,
      type: "twilio_sms",
      ring,
      externalId: `+1500${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
      credentials: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
      identity: { kind: "phone", value: phone },
      inbound: null,
    });
    const inbound = (text: string) =>
      m.ingestInbound({
        tenantId,
        channelId: f.channelId,
        channelType: "twilio_sms",
        contact: { identities: [{ kind: "phone", value: phone }] },
        providerMessageId: `SM${randomId("")}`,
        kind: "text",
        text,
        raw: { provider: "twilio", eventKey: randomId("ev"), payload: { Body: text } },
      });

    const stop = await inbound("stop");
    await settle();
    const twilio = fake.requests.filter((r) => r.path.endsWith("/Messages.json"));
    expect(twilio).toHaveLength(1);
    expect(twilio[0]!.form!.get("To")).toBe(phone);
    expect(twilio[0]!.form!.get("Body")).toMatch(/^You have been unsubscribed.*Reply START to resubscribe\.$/);
    const [ack] = (await outboundMessages(tenantId, stop.conversationId)).filter((x) => x.authorType === "system" && !x.isPrivate);
    expect(ack).toMatchObject({ status: "sent", providerMessageId: expect.stringMatching(/^SM/) });
    expect(await optInRow(tenantId, f.contactId, "twilio_sms")).toMatchObject({ status: "opted_out", acknowledged: true });

    // The same event again (a redelivery under another id): nothing is queued or sent.
    const again = await m.runFunction(m.acknowledgeOptChangeFn as never, {
      name: "contact.opt_changed",
      id: randomId("redelivery"),
      data: { tenantId, contactId: f.contactId, channelId: f.channelId, channelType: "twilio_sms", conversationId: stop.conversationId, messageId: stop.messageId, status: "opted_out", keyword: "STOP" },
    });
    expect(again).toMatchObject({ status: "completed", output: { acknowledged: false, reason: "already_acknowledged" } });
    await settle();
    expect(fake.requests.filter((r) => r.path.endsWith("/Messages.json"))).toHaveLength(1);

    const campaign = (text: string) =>
      m.withTenant(tenantId, (tx) => m.queueOutboundMessage(tx, { tenantId, conversationId: stop.conversationId, author: { type: "bot", name: "Campaigns" }, text, purpose: "campaign" }));
    await expect(campaign("Saldi -30%")).rejects.toBeInstanceOf(m.ActionError);

    fake.reset();
    await inbound("START");
    await settle();
    expect(fake.requests.map((r) => r.form?.get("Body"))).toEqual([expect.stringMatching(/^You have been resubscribed/)]);
    await expect(campaign("Bentornata! -30%")).resolves.toMatchObject({ status: "queued" });
    await settle();
    const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2 AND status = 'sent'`, [tenantId, stop.conversationId]);
    expect(rows[0].n).toBe(3);
  });
});
