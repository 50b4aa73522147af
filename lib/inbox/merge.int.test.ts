import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool, withTenant } from "@/lib/db/client";
import { closeTestConnections } from "@/lib/testing/db";
import { ActionError } from "@/lib/actions/errors";
import { mergeContacts } from "./merge";
import { getContactDetail } from "./contacts";
import { addIdentity, addMember, addMessage, addOptIn, createChannel, createContact, createConversation, createInboxTenant, ownerRows, type TInboxTenant, type TMember } from "./testing/fixtures";

/**
 * Merging duplicate contacts on real PostgreSQL: identities, conversations and
 * authorship move to the survivor, privacy choices survive the merge, the
 * duplicate keeps pointing at the survivor, and the merge is audited.
 */
let t: TInboxTenant;
let agent: TMember;
let channelId: string;
const ctx = { requestId: "merge-test", ipPrefix: null };
const actor = () => ({ user: { id: agent.id, email: agent.email, name: agent.name }, role: "agent" as const, tenant: { id: t.tenantId, name: t.name } });

beforeAll(async () => {
  t = await createInboxTenant("Merge");
  agent = await addMember(t.tenantId, "agent", "Alex Agent");
  channelId = await createChannel(t.tenantId);
});

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  await closeTestConnections();
});

describe("mergeContacts", () => {
  it("moves identities, conversations and authorship, merges details and keeps the strictest privacy choices", async () => {
    const survivor = await createContact(t.tenantId, { name: "Sam Carter", email: "sam@example.com", attributes: { plan: "Gold", city: "Leeds" } });
    const dup = await createContact(t.tenantId, { name: null, phone: "+14155550123", attributes: { city: "London", source: "whatsapp" }, noProfiling: true });
    const earlier = await createContact(t.tenantId, { name: "Old duplicate" });
    await ownerRows(`UPDATE "Contact" SET "mergedIntoId" = $3 WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, earlier, dup]);
    await addIdentity(t.tenantId, survivor, "email", `sam+${survivor}@example.com`);
    await addIdentity(t.tenantId, dup, "wa_id", `wa${dup}`);
    await addIdentity(t.tenantId, dup, "phone", `+1${dup.slice(-8)}`);
    const convS = await createConversation(t.tenantId, { channelId, contactId: survivor });
    const convD = await createConversation(t.tenantId, { channelId, contactId: dup });
    await addMessage(t.tenantId, { conversationId: convD, channelId, text: "hi from whatsapp", authorId: dup });
    // Email: survivor opted in recently, the duplicate opted out earlier: the opt-out wins.
    await addOptIn(t.tenantId, survivor, "email", "opted_in", new Date("2026-03-02T00:00:00Z"));
    await addOptIn(t.tenantId, dup, "email", "opted_out", new Date("2026-03-01T00:00:00Z"));
    // WhatsApp: only the duplicate has a record: it moves.
    await addOptIn(t.tenantId, dup, "whatsapp", "opted_in", new Date("2026-03-01T00:00:00Z"));

    const r = await mergeContacts(actor(), { survivorId: survivor, mergedId: dup }, ctx);
    expect(r).toEqual({ survivorId: survivor, movedConversations: 1, movedIdentities: 2 });

    const detail = (await withTenant(t.tenantId, (tx) => getContactDetail(tx, t.tenantId, survivor)))!;
    expect(detail.identities.map((i) => i.kind).sort()).toEqual(["email", "phone", "wa_id"]);
    expect(detail.conversations.map((c) => c.id).sort()).toEqual([convS, convD].sort());
    expect(detail).toMatchObject({ name: "Sam Carter", email: "sam@example.com", phone: "+14155550123", noProfiling: true, restricted: false, mergedFrom: 2 });
    expect(detail.attributes).toEqual({ plan: "Gold", city: "Leeds", source: "whatsapp" });
    expect(Object.fromEntries(detail.optIns.map((o) => [o.channelType, o.status]))).toEqual({ email: "opted_out", whatsapp: "opted_in" });

    const moved = await ownerRows<{ authorId: string }>(`SELECT "authorId" FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2`, [t.tenantId, convD]);
    expect(moved).toEqual([{ authorId: survivor }]);
    const pointers = await ownerRows<{ id: string; mergedIntoId: string }>(`SELECT id, "mergedIntoId" FROM "Contact" WHERE "tenantId" = $1 AND id = ANY($2) ORDER BY id`, [t.tenantId, [dup, earlier]]);
    expect(pointers.every((p) => p.mergedIntoId === survivor)).toBe(true);
    const audit = await ownerRows<{ action: string; targetId: string; metadata: Record<string, unknown> }>(
      `SELECT action, "targetId", metadata FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'contact.merged'`,
      [t.tenantId],
    );
    expect(audit).toEqual([{ action: "contact.merged", targetId: survivor, metadata: { mergedId: dup, identities: 2, conversations: 1 } }]);
  });

  it("refuses merging a contact twice, into a merged contact, or across workspaces", async () => {
    const a = await createContact(t.tenantId, { name: "A" });
    const b = await createContact(t.tenantId, { name: "B" });
    await mergeContacts(actor(), { survivorId: a, mergedId: b }, ctx);
    await expect(mergeContacts(actor(), { survivorId: a, mergedId: b }, ctx)).rejects.toThrow("That contact was already merged.");
    const c = await createContact(t.tenantId, { name: "C" });
    await expect(mergeContacts(actor(), { survivorId: b, mergedId: c }, ctx)).rejects.toThrow(/itself merged/);

    const other = await createInboxTenant("Merge other");
    const foreign = await createContact(other.tenantId, { name: "Foreign" });
    const err = await mergeContacts(actor(), { survivorId: c, mergedId: foreign }, ctx).catch((e) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect(err.message).toBe("One of these contacts no longer exists.");
    expect(await ownerRows(`SELECT "mergedIntoId" FROM "Contact" WHERE "tenantId" = $1 AND id = $2`, [other.tenantId, foreign])).toEqual([{ mergedIntoId: null }]);
  });
});
