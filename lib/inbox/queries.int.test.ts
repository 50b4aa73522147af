import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool, withTenant } from "@/lib/db/client";
import { asOwner, closeTestConnections } from "@/lib/testing/db";
import { DEFAULT_FILTERS, type TInboxFilters } from "./filters";
import { inboxCounts, listConversations } from "./queries";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "./highlight";
import {
  addMember,
  addMessage,
  createChannel,
  createContact,
  createConversation,
  createInboxTenant,
  createLabel,
  createTeam,
  labelConversation,
  ownerRows,
  type TConversationInput,
  type TInboxTenant,
  type TMember,
} from "./testing/fixtures";

/**
 * The conversation list on real PostgreSQL as sotto_app under RLS: every
 * filter, keyset pagination, snoozes that wake up by themselves, sidebar
 * counts, and full-text search that never crosses tenants.
 */
const at = new Date();
const minutes = (n: number) => new Date(at.getTime() + n * 60_000);
let t: TInboxTenant;
let other: TInboxTenant;
let me: TMember;
let colleague: TMember;
const c: Record<string, string> = {};
let labelId: string;
let teamId: string;
let emailChannel: string;

beforeAll(async () => {
  t = await createInboxTenant("Queries");
  other = await createInboxTenant("Queries other");
  me = await addMember(t.tenantId, "agent", "Me Agent");
  colleague = await addMember(t.tenantId, "agent", "Colleague");
  const wa = await createChannel(t.tenantId, { type: "whatsapp" });
  emailChannel = await createChannel(t.tenantId, { type: "email", name: "Email" });
  labelId = await createLabel(t.tenantId, "vip");
  teamId = await createTeam(t.tenantId, "Support", []);
  const contact = await createContact(t.tenantId, { name: "Marco Rossi" });

  const conv = async (key: string, f: Omit<TConversationInput, "channelId" | "contactId">, text: string, channelId = wa) => {
    c[key] = await createConversation(t.tenantId, { ...f, channelId, contactId: contact });
    await addMessage(t.tenantId, { conversationId: c[key]!, channelId, text, createdAt: f.lastActivityAt });
  };
  await conv("mineOpen", { status: "open", assigneeId: me.id, lastActivityAt: minutes(-1), unreadCount: 2 }, "Ciao, il mio ordine 4821 non è ancora arrivato");
  await conv("unassignedEmail", { status: "open", teamId, lastActivityAt: minutes(-2) }, "Could you send the invoice, please?", emailChannel);
  await conv("pendingColleague", { status: "pending", assigneeId: colleague.id, lastActivityAt: minutes(-3), unreadCount: 1 }, "مرحبا، أين طلبي؟ رقم الطلب 5590");
  await conv("snoozedMine", { status: "snoozed", assigneeId: me.id, lastActivityAt: minutes(-4), snoozedUntil: minutes(60) }, "Call me back tomorrow");
  await conv("snoozeElapsed", { status: "snoozed", lastActivityAt: minutes(-5), snoozedUntil: minutes(-1) }, "Any news? 🙂");
  await conv("resolved", { status: "resolved", assigneeId: me.id, lastActivityAt: minutes(-6) }, "Grazie, ordine consegnato");
  await labelConversation(t.tenantId, c.mineOpen!, labelId);
  // A system activity line mentioning the word must not make a conversation a search hit.
  await addMessage(t.tenantId, { conversationId: c.unassignedEmail!, channelId: emailChannel, text: "ordine assigned", direction: "outbound", authorType: "system", createdAt: minutes(-2) });

  // Another workspace with the very same words.
  const owa = await createChannel(other.tenantId, { type: "whatsapp" });
  const oct = await createContact(other.tenantId, { name: "Other Marco" });
  c.foreign = await createConversation(other.tenantId, { channelId: owa, contactId: oct, lastActivityAt: minutes(0) });
  await addMessage(other.tenantId, { conversationId: c.foreign, channelId: owa, text: "il mio ordine 4821 non è arrivato", createdAt: minutes(0) });
});

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  await closeTestConnections();
});

async function list(f: Partial<TInboxFilters>, opts: { tenantId?: string; userId?: string; limit?: number; cursor?: string | null } = {}) {
  const tenantId = opts.tenantId ?? t.tenantId;
  return withTenant(tenantId, (tx) => listConversations(tx, { tenantId, userId: opts.userId ?? me.id, filters: { ...DEFAULT_FILTERS, ...f }, at, limit: opts.limit, cursor: opts.cursor }));
}
const ids = async (f: Partial<TInboxFilters>) => (await list(f)).items.map((i) => i.id);

describe("listConversations filters", () => {
  it("shows open conversations by default, newest activity first, including snoozes whose time has passed", async () => {
    expect(await ids({})).toEqual([c.mineOpen, c.unassignedEmail, c.snoozeElapsed]);
    const woke = (await list({})).items.find((i) => i.id === c.snoozeElapsed)!;
    expect(woke.status).toBe("open");
  });

  it("filters by status", async () => {
    expect(await ids({ status: "pending" })).toEqual([c.pendingColleague]);
    expect(await ids({ status: "snoozed" })).toEqual([c.snoozedMine]);
    expect(await ids({ status: "resolved" })).toEqual([c.resolved]);
    expect(await ids({ status: "all" })).toHaveLength(6);
  });

  it("filters by assignee: me, unassigned, a member", async () => {
    expect(await ids({ assignee: "me" })).toEqual([c.mineOpen]);
    expect(await ids({ assignee: "unassigned" })).toEqual([c.unassignedEmail, c.snoozeElapsed]);
    expect(await ids({ assignee: { userId: colleague.id }, status: "all" })).toEqual([c.pendingColleague]);
  });

  it("filters by channel, team, label and unread", async () => {
    expect(await ids({ channelId: emailChannel })).toEqual([c.unassignedEmail]);
    expect(await ids({ teamId })).toEqual([c.unassignedEmail]);
    expect(await ids({ labelId })).toEqual([c.mineOpen]);
    expect(await ids({ unread: true, status: "all" })).toEqual([c.mineOpen, c.pendingColleague]);
  });

  it("returns summaries with channel, contact, assignee, team and labels", async () => {
    const [first] = (await list({ assignee: "me" })).items;
    expect(first).toMatchObject({
      id: c.mineOpen,
      unreadCount: 2,
      channel: { type: "whatsapp" },
      contact: { name: "Marco Rossi" },
      assignee: { id: me.id, name: "Me Agent" },
      labels: [{ id: labelId, name: "vip" }],
    });
  });

  it("pages with a keyset cursor", async () => {
    const p1 = await list({ status: "all" }, { limit: 4 });
    expect(p1.items.map((i) => i.id)).toEqual([c.mineOpen, c.unassignedEmail, c.pendingColleague, c.snoozedMine]);
    expect(p1.nextCursor).toBeTruthy();
    const p2 = await list({ status: "all" }, { limit: 4, cursor: p1.nextCursor });
    expect(p2.items.map((i) => i.id)).toEqual([c.snoozeElapsed, c.resolved]);
    expect(p2.nextCursor).toBeNull();
  });
});

describe("full-text search", () => {
  it("finds conversations by message text in this workspace only, with highlights", async () => {
    const r = await list({ q: "ordine", status: "all" });
    expect(r.items.map((i) => i.id)).toEqual([c.mineOpen, c.resolved]);
    expect(r.items.map((i) => i.id)).not.toContain(c.foreign);
    expect(r.items[0]!.highlight?.text).toContain(`${HIGHLIGHT_START}ordine${HIGHLIGHT_END}`);
    const theirs = await list({ q: "ordine", status: "all" }, { tenantId: other.tenantId, userId: other.userId });
    expect(theirs.items.map((i) => i.id)).toEqual([c.foreign]);
  });

  it("understands web search syntax: phrases and exclusions", async () => {
    expect((await list({ q: '"ordine 4821"', status: "all" })).items.map((i) => i.id)).toEqual([c.mineOpen]);
    expect((await list({ q: "ordine -consegnato", status: "all" })).items.map((i) => i.id)).toEqual([c.mineOpen]);
  });

  it("searches right-to-left text and combines with filters", async () => {
    expect((await list({ q: "طلبي", status: "all" })).items.map((i) => i.id)).toEqual([c.pendingColleague]);
    expect((await list({ q: "ordine", status: "open" })).items.map((i) => i.id)).toEqual([c.mineOpen]);
  });

  it("treats quotes and operators in the query as text, never as SQL", async () => {
    expect((await list({ q: `'); DROP TABLE "Message"; --`, status: "all" })).items).toEqual([]);
    expect((await list({ q: "ordine", status: "all" })).items).toHaveLength(2);
  });

  it("uses the GIN index on Message.search once a workspace has history", async () => {
    // A realistic shape: thousands of messages in the workspace, few matching.
    await asOwner({ tenantId: t.tenantId }, async (db) => {
      await db.query(
        `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, status, "updatedAt")
         SELECT 'bulk' || g || $3, $1, $2, $4, 'inbound', 'contact', 'text', 'hello there number ' || g, 'received', now() FROM generate_series(1, 3000) g`,
        [t.tenantId, c.resolved, t.tenantId.slice(-6), emailChannel],
      );
      await db.query(`ANALYZE "Message"`);
    });
    // The match runs inside sotto_search_messages (RLS would keep the GIN index out
    // of reach), so its use shows in the index's scan counter, not in our EXPLAIN.
    const scans = async () => Number((await ownerRows<{ n: string }>(`SELECT idx_scan AS n FROM pg_stat_user_indexes WHERE indexrelname = 'Message_search_idx'`, []))[0]?.n ?? 0);
    const before = await scans();
    expect((await list({ q: "ordine", status: "all" })).items).toHaveLength(2);
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 200));
      after = await scans();
    }
    expect(after).toBeGreaterThan(before);
  });
});

describe("inboxCounts", () => {
  it("counts open and unread per folder and per status", async () => {
    const counts = await withTenant(t.tenantId, (tx) => inboxCounts(tx, { tenantId: t.tenantId, userId: me.id, folder: "all", at }));
    expect(counts.folders).toEqual({ mine: { open: 1, unread: 1 }, unassigned: { open: 2, unread: 0 }, all: { open: 3, unread: 1 } });
    expect(counts.statuses).toEqual({
      open: { total: 3, unread: 1 },
      pending: { total: 1, unread: 1 },
      snoozed: { total: 1, unread: 0 },
      resolved: { total: null, unread: 0 },
    });
    const mine = await withTenant(t.tenantId, (tx) => inboxCounts(tx, { tenantId: t.tenantId, userId: me.id, folder: "mine", at }));
    expect(mine.statuses.snoozed.total).toBe(1);
    expect(mine.statuses.pending.total).toBe(0);
  });
});
