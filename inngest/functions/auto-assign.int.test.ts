import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, randomId } from "@/lib/testing/db";
import { DEFAULT_BUSINESS_HOURS } from "@/lib/inbox/business-hours";
import { addMember, createChannel, createInboxTenant, createTeam, ownerRows, type TInboxTenant, type TMember } from "@/lib/inbox/testing/fixtures";

/**
 * Auto-assignment as it runs in production: an inbound message goes through
 * ingest, the outbox relay hands `message.received` to the in-process runner,
 * on-message-received assigns; outside business hours the conversation waits
 * (pending, unassigned) and the assign-pending-conversations cron assigns it
 * once hours start. Time is moved with the test clock.
 */
type TMods = typeof import("./on-message-received") &
  typeof import("./assign-pending-conversations") &
  typeof import("@/inngest/dev-runner") &
  typeof import("@/lib/inbox/outbox-relay") &
  typeof import("@/lib/inbox/ingest") &
  typeof import("@/lib/clock") &
  typeof import("@/lib/db/client");
let m: TMods;
let t: TInboxTenant;
let a1: TMember;
let a2: TMember;

// Europe/Rome, Monday to Friday 09:00–18:00. 2026-11-29 is a Sunday; CET is UTC+1.
const SUNDAY_NOON = new Date("2026-11-29T11:00:00Z");
const MONDAY_0905 = new Date("2026-11-30T08:05:00Z");
const MONDAY_1000 = new Date("2026-11-30T09:00:00Z");
const hours = { ...DEFAULT_BUSINESS_HOURS, enabled: true, timezone: "Europe/Rome" };

beforeAll(async () => {
  vi.stubEnv("SOTTO_TEST_CLOCK", "true");
  vi.resetModules();
  m = {
    ...(await import("./on-message-received")),
    ...(await import("./assign-pending-conversations")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("@/lib/inbox/outbox-relay")),
    ...(await import("@/lib/inbox/ingest")),
    ...(await import("@/lib/clock")),
    ...(await import("@/lib/db/client")),
  };
  // Only the function under test reacts to message.received here.
  m.setDevRunnerFunctions([m.onMessageReceived]);
  m.configureDevRunner({ backoffMs: 1, maxBackoffMs: 5 });
  t = await createInboxTenant("Auto-assign runs");
  a1 = await addMember(t.tenantId, "agent", "Ada Agent");
  a2 = await addMember(t.tenantId, "agent", "Bruno Agent");
});

afterAll(async () => {
  m.setClockOffset(0);
  m.setDevRunnerFunctions(undefined);
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const at = (d: Date) => m.setClockOffset(d.getTime() - Date.now());

async function deliver(channelId: string, text = "Buongiorno, avete il modello blu?", waId = `39${String(Math.floor(Math.random() * 1e10)).padStart(10, "0")}`) {
  const r = await m.ingestInbound({
    tenantId: t.tenantId,
    channelId,
    channelType: "whatsapp",
    contact: { identities: [{ kind: "wa_id", value: waId }], name: "Cliente" },
    providerMessageId: `wamid.${randomId("")}`,
    kind: "text",
    text,
    raw: { provider: "meta", eventKey: randomId("ev"), payload: { text } },
  });
  for (let i = 0; i < 5; i++) {
    const relayed = await m.relayOutbox();
    await m.drainDevRunner();
    if (relayed.sent === 0 && relayed.batches === 0) break;
  }
  return r.conversationId;
}

const conversation = async (id: string) =>
  (await ownerRows<{ status: string; assigneeId: string | null; teamId: string | null }>(`SELECT status::text, "assigneeId", "teamId" FROM "Conversation" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, id]))[0]!;
const activity = async (id: string) =>
  (await ownerRows<{ text: string }>(`SELECT text FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2 AND "authorType" = 'system' ORDER BY "createdAt", id`, [t.tenantId, id])).map((r) => r.text);

describe("auto-assignment on inbound messages", () => {
  it("assigns a new conversation to an agent within the inbox's hours, round-robin, once per conversation", async () => {
    at(MONDAY_1000);
    const channelId = await createChannel(t.tenantId, { settings: { businessHours: hours } });
    const first = await deliver(channelId);
    const second = await deliver(channelId);
    const c1 = await conversation(first);
    const c2 = await conversation(second);
    expect(c1).toMatchObject({ status: "open", assigneeId: expect.any(String) });
    expect([a1.id, a2.id]).toContain(c1.assigneeId);
    expect(c2.assigneeId).toBe(c1.assigneeId === a1.id ? a2.id : a1.id);
    expect(await activity(first)).toEqual([expect.stringMatching(/^Assigned to (Ada|Bruno) Agent by auto-assignment$/)]);
    // The contact writes again: same conversation, same agent, no second assignment.
    const [identity] = await ownerRows<{ value: string }>(
      `SELECT ci.value FROM "ContactIdentity" ci JOIN "Conversation" c ON c."contactId" = ci."contactId" WHERE c."tenantId" = $1 AND c.id = $2`,
      [t.tenantId, first],
    );
    expect(await deliver(channelId, "Ci siete?", identity!.value)).toBe(first);
    expect(await conversation(first)).toMatchObject({ assigneeId: c1.assigneeId });
    expect(await activity(first)).toHaveLength(1);
  });

  it("outside hours leaves the conversation pending and unassigned; the cron assigns it when hours start", async () => {
    at(SUNDAY_NOON);
    const channelId = await createChannel(t.tenantId, { settings: { businessHours: hours } });
    const id = await deliver(channelId);
    expect(await conversation(id)).toMatchObject({ status: "pending", assigneeId: null });
    expect(await activity(id)).toEqual(["Outside business hours: marked pending and left unassigned"]);

    // Still Sunday: the sweep leaves it waiting.
    expect(await m.runFunction(m.assignPendingConversationsCron as never, { name: "inngest/scheduled.timer", data: {} })).toMatchObject({ status: "completed" });
    expect(await conversation(id)).toMatchObject({ status: "pending", assigneeId: null });

    at(MONDAY_0905);
    const run = await m.runFunction(m.assignPendingConversationsCron as never, { name: "inngest/scheduled.timer", data: {} });
    expect(run).toMatchObject({ status: "completed", output: { failed: 0 } });
    expect(await conversation(id)).toMatchObject({ status: "open", assigneeId: expect.any(String) });
    expect((await activity(id))[1]).toMatch(/by auto-assignment$/);
  });

  it("leaves a conversation an agent set to pending by hand alone", async () => {
    at(MONDAY_1000);
    const channelId = await createChannel(t.tenantId, { settings: { routing: { autoAssign: false, teamId: null } } });
    const id = await deliver(channelId);
    await ownerRows(`UPDATE "Conversation" SET status = 'pending' WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, id]);
    await m.runFunction(m.assignPendingConversationsCron as never, { name: "inngest/scheduled.timer", data: {} });
    expect(await conversation(id)).toMatchObject({ status: "pending", assigneeId: null });
  });

  it("routes an inbox's conversations to its default team and its members; an inbox with auto-assign off only routes", async () => {
    at(MONDAY_1000);
    const specialist = await addMember(t.tenantId, "agent", "Carla Specialist");
    const teamId = await createTeam(t.tenantId, "Returns", [{ userId: specialist.id, capacity: 5 }], { autoAssign: true, businessHours: null });
    const routed = await createChannel(t.tenantId, { settings: { routing: { autoAssign: true, teamId } } });
    expect(await conversation(await deliver(routed))).toMatchObject({ teamId, assigneeId: specialist.id, status: "open" });

    const manual = await createChannel(t.tenantId, { settings: { routing: { autoAssign: false, teamId } } });
    const id = await deliver(manual);
    expect(await conversation(id)).toMatchObject({ teamId, assigneeId: null, status: "open" });
  });
});
