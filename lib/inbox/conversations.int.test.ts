import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TRealtimeEvent } from "@/lib/realtime/bus";
import { closeTestConnections } from "@/lib/testing/db";
import { DEFAULT_FILTERS } from "./filters";
import {
  addMember,
  addMessage,
  addOptIn,
  createChannel,
  createContact,
  createConversation,
  createInboxTenant,
  ownerRows,
  type TInboxTenant,
  type TMember,
} from "./testing/fixtures";

/**
 * The conversation actions through the real action chain (authenticated →
 * tenant → role) on PostgreSQL as sotto_app: assignment, notes with mentions,
 * replies through the outbound queue, opt-out refusal, snooze that wakes up on
 * its own, resolve and reopen, analysts refused, live updates after commit.
 * Only the framework's request plumbing (session, headers, revalidation) is stood in for.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("@/lib/http/request-context", () => ({
  requestContext: async () => ({ requestId: "test-request", ip: "203.0.113.9", ipPrefix: "203.0.113.0/24", userAgent: "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

type TMods = typeof import("./actions/assign-conversation") &
  typeof import("./actions/snooze-conversation") &
  typeof import("./actions/resolve-conversation") &
  typeof import("./actions/reopen-conversation") &
  typeof import("./actions/send-reply") &
  typeof import("./actions/set-conversation-priority") &
  typeof import("./actions/render-canned-response") &
  typeof import("./queries") &
  typeof import("@/lib/db/client") &
  typeof import("@/lib/clock") &
  typeof import("@/lib/realtime/bus") &
  typeof import("@/inngest/dev-runner");
let m: TMods;
let t: TInboxTenant;
let agent: TMember;
let admin: TMember;
let analyst: TMember;
let channelId: string;
let contactId: string;
let events: TRealtimeEvent[] = [];
let unsubscribe = () => {};

beforeAll(async () => {
  vi.stubEnv("SOTTO_TEST_CLOCK", "1");
  vi.resetModules();
  m = {
    ...(await import("./actions/assign-conversation")),
    ...(await import("./actions/snooze-conversation")),
    ...(await import("./actions/resolve-conversation")),
    ...(await import("./actions/reopen-conversation")),
    ...(await import("./actions/send-reply")),
    ...(await import("./actions/set-conversation-priority")),
    ...(await import("./actions/render-canned-response")),
    ...(await import("./queries")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/clock")),
    ...(await import("@/lib/realtime/bus")),
    ...(await import("@/inngest/dev-runner")),
  };
  t = await createInboxTenant("Actions");
  agent = await addMember(t.tenantId, "agent", "Alex Agent");
  admin = await addMember(t.tenantId, "admin", "Avery Admin");
  analyst = await addMember(t.tenantId, "analyst", "Ana Analyst");
  channelId = await createChannel(t.tenantId, { sandbox: true });
  contactId = await createContact(t.tenantId, { name: "Giulia Bianchi" });
  unsubscribe = m.subscribe(t.tenantId, (e) => events.push(e));
});

beforeEach(() => {
  events = [];
  m.setClockOffset(0);
});

afterAll(async () => {
  unsubscribe();
  m.setClockOffset(0);
  await m.drainDevRunner();
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const as = (u: TMember) => {
  session.user = { id: u.id, email: u.email, name: u.name };
};
const conv = async (patch: Partial<Parameters<typeof createConversation>[1]> = {}) => {
  const id = await createConversation(t.tenantId, { channelId, contactId, ...patch });
  await addMessage(t.tenantId, { conversationId: id, channelId, text: "Ciao!" });
  return id;
};
const row = async (id: string) =>
  (await ownerRows<{ status: string; assigneeId: string | null; snoozedUntil: Date | null; priority: string }>(
    `SELECT status::text, "assigneeId", "snoozedUntil", priority::text FROM "Conversation" WHERE "tenantId" = $1 AND id = $2`,
    [t.tenantId, id],
  ))[0]!;
const activity = async (id: string) =>
  (await ownerRows<{ text: string }>(`SELECT text FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2 AND "authorType" = 'system' ORDER BY "createdAt"`, [t.tenantId, id])).map((r) => r.text);
const openList = async (userId: string) =>
  m.withTenant(t.tenantId, (tx) => m.listConversations(tx, { tenantId: t.tenantId, userId, filters: DEFAULT_FILTERS, at: m.now() }));

describe("assigning", () => {
  it("self-assigns, logs it in the thread and publishes the change after commit", async () => {
    const id = await conv();
    as(agent);
    const r = await m.assignConversation(t.tenantId, { conversationId: id, assigneeId: agent.id });
    expect(r?.serverError).toBeUndefined();
    expect(r?.data?.summary.assignee?.id).toBe(agent.id);
    expect(r?.data?.activity?.text).toBe("Alex Agent self-assigned the conversation");
    expect((await row(id)).assigneeId).toBe(agent.id);
    expect(await activity(id)).toEqual(["Alex Agent self-assigned the conversation"]);
    expect(events).toContainEqual({ type: "conversation.updated", conversationId: id });
    expect(events.some((e) => e.type === "message.created" && e.conversationId === id)).toBe(true);
  });

  it("refuses analysts and members who cannot take conversations", async () => {
    const id = await conv();
    as(analyst);
    expect((await m.assignConversation(t.tenantId, { conversationId: id, assigneeId: analyst.id }))?.serverError).toMatch(/agent role/);
    as(agent);
    expect((await m.assignConversation(t.tenantId, { conversationId: id, assigneeId: analyst.id }))?.serverError).toMatch(/only be assigned to agents/);
    expect((await row(id)).assigneeId).toBeNull();
  });
});

describe("replies and notes", () => {
  it("stores a private note with its mentions and never queues it for sending", async () => {
    const id = await conv();
    as(agent);
    const r = await m.sendReply(t.tenantId, { conversationId: id, text: "@Avery Admin can we refund this?", isPrivate: true, clientMessageId: "note00000001", mentions: [admin.id, analyst.id] });
    expect(r?.serverError).toBeUndefined();
    expect(r?.data).toMatchObject({ kind: "note", isPrivate: true, status: "received", payload: { mentions: [{ userId: admin.id, name: "Avery Admin" }] } });
    const outbox = await ownerRows(`SELECT 1 FROM "OutboxEvent" WHERE "tenantId" = $1 AND "eventId" = $2`, [t.tenantId, r!.data!.id]);
    expect(outbox).toHaveLength(0);
  });

  it("queues a reply with its send event, once per client message id", async () => {
    const id = await conv();
    as(agent);
    const input = { conversationId: id, text: "Ciao Giulia, ci pensiamo noi.", isPrivate: false, clientMessageId: "reply0000001", mentions: [] };
    const first = await m.sendReply(t.tenantId, input);
    expect(first?.serverError).toBeUndefined();
    expect(first?.data).toMatchObject({ direction: "outbound", authorType: "agent", status: "queued", isPrivate: false });
    const again = await m.sendReply(t.tenantId, input);
    expect(again?.data?.id).toBe(first?.data?.id);
    const outbox = await ownerRows(`SELECT name FROM "OutboxEvent" WHERE "tenantId" = $1 AND "eventId" = $2`, [t.tenantId, first!.data!.id]);
    expect(outbox).toEqual([{ name: "message.send" }]);
    expect(events).toContainEqual({ type: "message.created", conversationId: id, messageId: first!.data!.id });
  });

  it("refuses a reply to a contact who opted out, and stores nothing", async () => {
    const optedOut = await createContact(t.tenantId, { name: "Stop Sender" });
    await addOptIn(t.tenantId, optedOut, "whatsapp", "opted_out", new Date());
    const id = await createConversation(t.tenantId, { channelId, contactId: optedOut });
    as(agent);
    const r = await m.sendReply(t.tenantId, { conversationId: id, text: "Hello?", isPrivate: false, clientMessageId: "reply0000002", mentions: [] });
    expect(r?.serverError).toMatch(/opted out/i);
    expect(await ownerRows(`SELECT 1 FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2`, [t.tenantId, id])).toHaveLength(0);
  });

  it("fills canned responses on the server from the stored contact and the agent", async () => {
    const id = await conv();
    const cannedId = `cr_${id}`;
    await ownerRows(`INSERT INTO "CannedResponse" (id, "tenantId", shortcut, title, body, "updatedAt") VALUES ($1, $2, $3, 'Hi', 'Ciao {{contact.first_name}}, sono {{agent.first_name}} ({{conversation.id}})', now())`, [
      cannedId,
      t.tenantId,
      `hi${id.slice(-6)}`,
    ]);
    as(agent);
    const r = await m.renderCannedResponse(t.tenantId, { conversationId: id, cannedResponseId: cannedId });
    expect(r?.data?.text).toBe(`Ciao Giulia, sono Alex (${id})`);
  });
});

describe("snooze, resolve, reopen", () => {
  it("snoozes until a time, then reopens by itself when the time passes", async () => {
    const id = await conv({ assigneeId: agent.id });
    as(agent);
    const until = new Date(m.now().getTime() + 60 * 60_000);
    const r = await m.snoozeConversation(t.tenantId, { conversationId: id, until: until.toISOString() });
    expect(r?.data?.summary.status).toBe("snoozed");
    expect((await openList(agent.id)).items.map((i) => i.id)).not.toContain(id);

    m.setClockOffset(2 * 60 * 60_000);
    const woke = (await openList(agent.id)).items.find((i) => i.id === id);
    expect(woke?.status).toBe("open");
    // The stored status catches up the next time someone acts on it.
    await m.setConversationPriority(t.tenantId, { conversationId: id, priority: "high" });
    expect(await row(id)).toMatchObject({ status: "open", snoozedUntil: null, priority: "high" });
  });

  it("refuses snoozing into the past", async () => {
    const id = await conv();
    as(agent);
    const r = await m.snoozeConversation(t.tenantId, { conversationId: id, until: new Date(m.now().getTime() - 60_000).toISOString() });
    expect(r?.serverError).toBe("Pick a time in the future.");
    expect((await row(id)).status).toBe("open");
  });

  it("resolves and reopens, with a line in the thread for each", async () => {
    const id = await conv({ unreadCount: 3 });
    as(agent);
    expect((await m.resolveConversation(t.tenantId, { conversationId: id }))?.data?.summary).toMatchObject({ status: "resolved", unreadCount: 0 });
    expect((await m.reopenConversation(t.tenantId, { conversationId: id }))?.data?.summary.status).toBe("open");
    expect(await activity(id)).toEqual(["Alex Agent resolved the conversation", "Alex Agent reopened the conversation"]);
  });

  it("keeps analysts read-only and conversations of other workspaces out of reach", async () => {
    const id = await conv();
    as(analyst);
    expect((await m.resolveConversation(t.tenantId, { conversationId: id }))?.serverError).toMatch(/agent role/);
    expect((await row(id)).status).toBe("open");
    const elsewhere = await createInboxTenant("Elsewhere");
    const ch = await createChannel(elsewhere.tenantId);
    const ct = await createContact(elsewhere.tenantId);
    const foreign = await createConversation(elsewhere.tenantId, { channelId: ch, contactId: ct });
    as(agent);
    expect((await m.resolveConversation(t.tenantId, { conversationId: foreign }))?.serverError).toBe("That conversation no longer exists.");
    expect((await m.resolveConversation(elsewhere.tenantId, { conversationId: foreign }))?.serverError).toBe("Workspace not found.");
  });
});
