import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TRealtimeEvent } from "@/lib/realtime/bus";
import { closeTestConnections } from "@/lib/testing/db";
import { addMember, addMessage, createChannel, createContact, createConversation, createInboxTenant, ownerRows, type TInboxTenant, type TMember } from "./testing/fixtures";

/**
 * @mentions in private notes notify the mentioned teammate in the app: through
 * the real send-reply and mark-mentions-read actions on PostgreSQL as
 * sotto_app. The mentioned agent (only they) gets a row and a live delta;
 * the author and teammates who were picked but deleted from the text do not;
 * opening marks read; another workspace sees nothing.
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string | null } }));
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("@/lib/http/request-context", () => ({
  requestContext: async () => ({ requestId: "test-request", ip: "203.0.113.9", ipPrefix: "203.0.113.0/24", userAgent: "vitest" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

type TMods = typeof import("./actions/send-reply") &
  typeof import("./actions/mark-mentions-read") &
  Pick<typeof import("./mention-notifications"), "listMentions"> &
  typeof import("@/lib/db/client") &
  typeof import("@/lib/realtime/bus");
let m: TMods;
let t: TInboxTenant;
let agent: TMember;
let admin: TMember;
let other: TMember;
let conversationId: string;
const events: TRealtimeEvent[] = [];
let unsubscribe = () => {};

beforeAll(async () => {
  vi.resetModules();
  m = {
    ...(await import("./actions/send-reply")),
    ...(await import("./actions/mark-mentions-read")),
    // Only the query: the service's markMentionsRead would shadow the action of the same name.
    listMentions: (await import("./mention-notifications")).listMentions,
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/realtime/bus")),
  };
  t = await createInboxTenant("Mentions");
  agent = await addMember(t.tenantId, "agent", "Alex Agent");
  admin = await addMember(t.tenantId, "admin", "Avery Admin");
  other = await addMember(t.tenantId, "agent", "Olly Other");
  const channelId = await createChannel(t.tenantId, { sandbox: true });
  const contactId = await createContact(t.tenantId, { name: "Giulia Bianchi" });
  conversationId = await createConversation(t.tenantId, { channelId, contactId });
  await addMessage(t.tenantId, { conversationId, channelId, text: "Ciao!" });
  unsubscribe = m.subscribe(t.tenantId, (e) => events.push(e));
});

afterAll(async () => {
  unsubscribe();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const as = (u: TMember) => {
  session.user = { id: u.id, email: u.email, name: u.name };
};
const list = (u: TMember) => m.withTenant(t.tenantId, (tx) => m.listMentions(tx, t.tenantId, u.id));

describe("mention notifications", () => {
  it("notifies the mentioned teammate only, live, and marks read when they open the conversation", async () => {
    as(agent);
    // Olly was picked in the autocomplete, then deleted from the text; Alex mentions himself.
    const r = await m.sendReply(t.tenantId, { conversationId, text: "@Avery Admin @Alex Agent refund approved? 🙏", isPrivate: true, clientMessageId: "mention00001", mentions: [admin.id, other.id, agent.id] });
    expect(r?.serverError).toBeUndefined();
    const noteId = r!.data!.id;

    expect(await list(admin)).toEqual({
      unread: 1,
      items: [expect.objectContaining({ conversationId, messageId: noteId, contactName: "Giulia Bianchi", authorName: "Alex Agent", excerpt: "@Avery Admin @Alex Agent refund approved? 🙏", read: false })],
    });
    expect(await list(agent)).toEqual({ unread: 0, items: [] });
    expect(await list(other)).toEqual({ unread: 0, items: [] });
    expect(events.filter((e) => e.type === "mention.created")).toEqual([{ type: "mention.created", conversationId, messageId: noteId, userId: admin.id }]);

    // A retried send (same client message id) notifies nobody twice.
    await m.sendReply(t.tenantId, { conversationId, text: "@Avery Admin @Alex Agent refund approved? 🙏", isPrivate: true, clientMessageId: "mention00001", mentions: [admin.id] });
    expect((await list(admin)).items).toHaveLength(1);

    as(admin);
    expect((await m.markMentionsRead(t.tenantId, { conversationId }))?.data).toEqual({ marked: 1 });
    expect(await list(admin)).toMatchObject({ unread: 0, items: [{ read: true }] });
  });

  it("marks all read, refuses malformed input, and shows nothing to another workspace", async () => {
    as(agent);
    await m.sendReply(t.tenantId, { conversationId, text: "@Olly Other take this one", isPrivate: true, clientMessageId: "mention00002", mentions: [other.id] });
    await m.sendReply(t.tenantId, { conversationId, text: "@Olly Other and this", isPrivate: true, clientMessageId: "mention00003", mentions: [other.id] });
    expect((await list(other)).unread).toBe(2);
    as(other);
    expect((await m.markMentionsRead(t.tenantId, { conversationId: "not an id!" }))?.validationErrors).toBeDefined();
    expect((await list(other)).unread).toBe(2);
    expect((await m.markMentionsRead(t.tenantId, { conversationId: null }))?.data).toEqual({ marked: 2 });
    expect((await list(other)).unread).toBe(0);

    const stranger = await createInboxTenant("Mentions elsewhere");
    const rows = await m.withTenant(stranger.tenantId, (tx) => m.listMentions(tx, stranger.tenantId, other.id));
    expect(rows).toEqual({ unread: 0, items: [] });
    expect(await ownerRows(`SELECT count(*)::int AS n FROM "InboxMention" WHERE "tenantId" = $1`, [t.tenantId])).toEqual([{ n: 3 }]);
  });

  it("never notifies someone outside the workspace, even when their id is sent and their name written", async () => {
    const elsewhere = await createInboxTenant("Mentions outsider");
    const outsider = await addMember(elsewhere.tenantId, "agent", "Otto Outsider");
    as(agent);
    const r = await m.sendReply(t.tenantId, { conversationId, text: "@Otto Outsider can you see this?", isPrivate: true, clientMessageId: "mention00004", mentions: [outsider.id] });
    expect(r?.serverError).toBeUndefined();
    expect(await ownerRows(`SELECT count(*)::int AS n FROM "InboxMention" WHERE "userId" = $1`, [outsider.id])).toEqual([{ n: 0 }]);
    expect(events.filter((e) => e.type === "mention.created" && e.userId === outsider.id)).toEqual([]);
    expect(await ownerRows(`SELECT payload->'mentions' AS mentions FROM "Message" WHERE id = $1`, [r!.data!.id])).toEqual([{ mentions: null }]);
  });
});
