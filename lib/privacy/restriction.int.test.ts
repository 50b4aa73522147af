import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { addMember } from "@/lib/inbox/testing/fixtures";
import { createSubject, type TSubjectFixture } from "./testing/fixtures";

/**
 * Restriction and objection through the privacy center, end to end on real
 * PostgreSQL with the real Inngest functions: a contact who restricted
 * processing (asking over WhatsApp, so the code and replies travel on the
 * channel) gets no outbound message but the replies to their request (refused
 * when queued, and again at delivery for one queued before), and no automated
 * processing; a contact who objected to profiling leaves marketing segments.
 */
type TMods = typeof import("./portal") & typeof import("./admin") & typeof import("./secrets") & typeof import("./restriction") & typeof import("@/lib/db/client") &
  typeof import("@/inngest/dev-runner") & typeof import("@/lib/inbox/outbox-relay") & typeof import("@/lib/outbound/queue") & typeof import("@/lib/outbound/deliver") & typeof import("@/lib/inbox/auto-assign");
let m: TMods;
let t: TTenantFixture;
let s: TSubjectFixture;
let waConversation: string;

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  vi.resetModules();
  m = {
    ...(await import("./portal")),
    ...(await import("./admin")),
    ...(await import("./secrets")),
    ...(await import("./restriction")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("@/lib/inbox/outbox-relay")),
    ...(await import("@/lib/outbound/queue")),
    ...(await import("@/lib/outbound/deliver")),
    ...(await import("@/lib/inbox/auto-assign")),
  };
  m.configureDevRunner({ backoffMs: 10, maxBackoffMs: 50 });
  t = await createTenantFixture("Restriction");
  s = await createSubject(t.tenantId);
  const { rows } = await ownerPool().query(`SELECT id FROM "Conversation" WHERE "tenantId" = $1 AND "channelId" = $2`, [t.tenantId, s.waChannelId]);
  waConversation = rows[0].id;
});

afterAll(async () => {
  await m.drainDevRunner();
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const actor = () => ({ userId: t.userId, email: t.email });

/** Lets queued outbound messages go out (outbox relay → send-message in the development runner). */
async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await m.relayOutbox();
    await m.drainDevRunner();
  }
}

type TOut = { id: string; text: string; status: string; errorCode: string | null; purpose: string | null };
async function outbound(): Promise<TOut[]> {
  const { rows } = await ownerPool().query<TOut>(
    `SELECT id, text, status::text, "errorCode", payload->>'purpose' AS purpose FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2 AND direction = 'outbound' ORDER BY "createdAt", id`,
    [t.tenantId, waConversation],
  );
  return rows;
}

async function viaWhatsApp(details: Parameters<TMods["submitPrivacyRequest"]>[0]["details"]): Promise<string> {
  await flush();
  const before = (await outbound()).length;
  const { handle } = await m.submitPrivacyRequest({ tenantSlug: t.slug, identity: s.phone, details }, { ip: "203.0.113.60" }, 0);
  await m.drainDevRunner();
  await flush();
  const sent = (await outbound()).slice(before);
  const code = sent.map((x) => /verification code is (\d{6})/.exec(x.text)?.[1]).find(Boolean);
  expect(code, JSON.stringify(sent)).toMatch(/^\d{6}$/);
  await m.verifyPrivacyCode({ tenantSlug: t.slug, handle, code: code! }, {}, 0);
  const { rows } = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
  return rows[0].id;
}

const queue = (text: string, purpose: "reply" | "campaign" | "transactional" | "dsr_reply") =>
  m.withTenant(t.tenantId, (tx) => m.queueOutboundMessage(tx, { tenantId: t.tenantId, conversationId: waConversation, author: { type: "agent", userId: t.userId }, text, purpose }));

describe("restriction of processing", () => {
  it("after approval, only the replies to the request reach the contact; everything else is refused when queued and at delivery", async () => {
    expect(await m.withTenant(t.tenantId, (tx) => m.automatedProcessingAllowed(tx, t.tenantId, waConversation))).toBe(true);
    const id = await viaWhatsApp({ type: "restriction", reason: "I dispute the accuracy of my data." });
    const beforeApproval = (await outbound()).length;
    await m.approveRequest(t.tenantId, id, actor());
    await m.drainDevRunner();
    await flush();

    const { rows } = await ownerPool().query(`SELECT restricted FROM "Contact" WHERE id = ANY($1)`, [[s.contactId, s.mergedContactId]]);
    expect(rows.every((r) => r.restricted)).toBe(true);
    // The completion notice is the reply to the request: sent on the channel, marked as such.
    const notice = (await outbound()).slice(beforeApproval);
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ purpose: "dsr_reply", errorCode: null });
    expect(notice[0]!.text).toMatch(/no longer processed automatically/);
    expect(notice[0]!.status).not.toBe("failed");

    // Anything else is refused at the queue, with nothing stored.
    const count = (await outbound()).length;
    for (const purpose of ["reply", "campaign", "transactional"] as const) {
      await expect(queue("Offerta speciale per te!", purpose)).rejects.toThrow(/restricted/);
    }
    expect((await outbound()).length).toBe(count);
    expect(await m.withTenant(t.tenantId, (tx) => m.automatedProcessingAllowed(tx, t.tenantId, waConversation))).toBe(false);
  });

  it("a message queued just before the restriction landed is refused at delivery", async () => {
    await asOwner({ tenantId: t.tenantId }, (c) => c.query(`UPDATE "Contact" SET restricted = false WHERE id = $1`, [s.contactId]));
    const { messageId } = await queue("Your order shipped", "reply");
    await asOwner({ tenantId: t.tenantId }, (c) => c.query(`UPDATE "Contact" SET restricted = true WHERE id = $1`, [s.contactId]));
    await flush();
    const msg = (await outbound()).find((x) => x.id === messageId)!;
    expect(msg).toMatchObject({ status: "failed", errorCode: "restricted" });
    const again = await m.attemptDelivery(t.tenantId, messageId, { runId: "r", attempt: 0, maxAttempts: 1 });
    expect(again).toMatchObject({ outcome: "skipped", status: "failed" });
  });

  it("automatic assignment leaves the restricted contact's conversations to people", async () => {
    const r = await m.withTenant(t.tenantId, (tx) => m.autoAssign(tx, t.tenantId, waConversation));
    expect(r).toEqual({ outcome: "skipped", reason: "restricted" });
    // The same call assigns an unrestricted contact's conversation to the workspace's agent.
    const agent = await addMember(t.tenantId, "agent", "Agent Restriction");
    const other = await createSubject(t.tenantId);
    const { rows } = await ownerPool().query(`SELECT id FROM "Conversation" WHERE "tenantId" = $1 AND "channelId" = $2`, [t.tenantId, other.waChannelId]);
    expect(await m.withTenant(t.tenantId, (tx) => m.autoAssign(tx, t.tenantId, rows[0].id))).toMatchObject({ outcome: "assigned", assigneeId: agent.id });
    const assigned = await ownerPool().query(`SELECT "assigneeId" FROM "Conversation" WHERE id = $1`, [waConversation]);
    expect(assigned.rows[0].assigneeId).toBeNull();
  });
});

describe("objection to profiling", () => {
  it("removes the contact from marketing segments; an objection to direct marketing also opts them out", async () => {
    const o = await createTenantFixture("Segments");
    const mk = async (name: string) => {
      const subject = await createSubject(o.tenantId);
      await asOwner({ tenantId: o.tenantId }, (c) => c.query(`UPDATE "Contact" SET name = $2, attributes = '{"tier":"gold","city":"Milano"}' WHERE id = $1`, [subject.contactId, name]));
      return subject;
    };
    const stays = await mk("Anna");
    const objects = await mk("Bruno");
    const segment = (criteria: Parameters<TMods["marketingSegment"]>[2]) => m.withTenant(o.tenantId, (tx) => m.marketingSegment(tx, o.tenantId, criteria));
    expect(await segment({ attributes: { tier: "gold" } })).toEqual([stays.contactId, objects.contactId].sort());

    const submitFor = async (subject: TSubjectFixture, details: Parameters<TMods["submitPrivacyRequest"]>[0]["details"]) => {
      const { handle } = await m.submitPrivacyRequest({ tenantSlug: o.slug, identity: subject.email, details }, { ip: "203.0.113.61" }, 0);
      await m.drainDevRunner();
      const { rows } = await ownerPool().query(`SELECT subject FROM "DevEmail" WHERE lower("to") = lower($1) ORDER BY "createdAt" DESC LIMIT 1`, [subject.email]);
      await m.verifyPrivacyCode({ tenantSlug: o.slug, handle, code: rows[0].subject.slice(0, 6) }, {}, 0);
      const r = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
      await m.approveRequest(o.tenantId, r.rows[0].id, { userId: o.userId, email: o.email });
      await m.drainDevRunner();
    };
    await submitFor(objects, { type: "objection", scope: "profiling" });
    expect(await segment({ attributes: { tier: "gold" } })).toEqual([stays.contactId]);
    expect(await segment({ attributes: { city: "Milano" }, channelType: "whatsapp" })).toEqual([stays.contactId]);

    // A contact who sent STOP on WhatsApp stays in the segment but out of its WhatsApp audience.
    const stop = await mk("Carla");
    await asOwner({ tenantId: o.tenantId }, (c) => c.query(`UPDATE "ContactOptIn" SET status = 'opted_out' WHERE "contactId" = $1 AND "channelType" = 'whatsapp'`, [stop.contactId]));
    expect(await segment({ attributes: { tier: "gold" } })).toEqual([stays.contactId, stop.contactId].sort());
    expect(await segment({ attributes: { tier: "gold" }, channelType: "whatsapp" })).toEqual([stays.contactId]);

    // An objection to direct marketing covers the profiling related to it (Art. 21(2)) and opts out of every channel.
    await submitFor(stays, { type: "objection", scope: "direct_marketing" });
    expect(await segment({ attributes: { tier: "gold" } })).toEqual([stop.contactId]);
    const { rows } = await ownerPool().query(`SELECT "channelType"::text, status::text FROM "ContactOptIn" WHERE "tenantId" = $1 AND "contactId" = $2 ORDER BY 1`, [o.tenantId, stays.contactId]);
    expect(rows).toEqual([{ channelType: "email", status: "opted_out" }, { channelType: "whatsapp", status: "opted_out" }]);
    // Bad criteria are refused, not guessed at.
    await expect(segment({ attributes: { "tier; DROP": "x" } })).rejects.toThrow();
  });

  it("segments never hold a restricted contact or a contact merged into another", async () => {
    const o = await createTenantFixture("Segments restricted");
    const a = await createSubject(o.tenantId);
    const b = await createSubject(o.tenantId);
    await asOwner({ tenantId: o.tenantId }, (c) =>
      c.query(`UPDATE "Contact" SET attributes = '{"tier":"gold"}' WHERE id = ANY($1)`, [[a.contactId, a.mergedContactId, b.contactId, b.mergedContactId]]),
    );
    const segment = () => m.withTenant(o.tenantId, (tx) => m.marketingSegment(tx, o.tenantId, { attributes: { tier: "gold" } }));
    // The merged-away contacts match the attributes too, and are still left out.
    expect(await segment()).toEqual([a.contactId, b.contactId].sort());
    await asOwner({ tenantId: o.tenantId }, (c) => c.query(`UPDATE "Contact" SET restricted = true WHERE id = $1`, [b.contactId]));
    expect(await segment()).toEqual([a.contactId]);
  });
});
