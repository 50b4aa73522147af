import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool, withTenant } from "@/lib/db/client";
import { closeTestConnections } from "@/lib/testing/db";
import { autoAssign } from "./auto-assign";
import { DEFAULT_BUSINESS_HOURS } from "./business-hours";
import { addMember, createChannel, createContact, createConversation, createInboxTenant, createTeam, ownerRows, type TInboxTenant, type TMember } from "./testing/fixtures";

/**
 * Round-robin auto-assignment on real PostgreSQL: capacity holds when many
 * conversations arrive at once, ties rotate, business hours keep conversations
 * unassigned and pending, and the no-team pool is the workspace's agents.
 */
let t: TInboxTenant;
let a1: TMember;
let a2: TMember;
let admin: TMember;
let channelId: string;
let contactId: string;

beforeAll(async () => {
  t = await createInboxTenant("Assign");
  a1 = await addMember(t.tenantId, "agent", "Agent One");
  a2 = await addMember(t.tenantId, "agent", "Agent Two");
  admin = await addMember(t.tenantId, "admin", "Admin Person");
  channelId = await createChannel(t.tenantId);
  contactId = await createContact(t.tenantId, { name: "Customer" });
});

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  await closeTestConnections();
});

const assigneesOf = async (ids: string[]) =>
  ownerRows<{ id: string; assigneeId: string | null; status: string }>(`SELECT id, "assigneeId", status::text FROM "Conversation" WHERE "tenantId" = $1 AND id = ANY($2)`, [t.tenantId, ids]);

describe("autoAssign", () => {
  it("never exceeds capacity when conversations arrive concurrently", async () => {
    const teamId = await createTeam(t.tenantId, "Concurrent", [
      { userId: a1.id, capacity: 2 },
      { userId: a2.id, capacity: 2 },
    ]);
    const ids = await Promise.all(Array.from({ length: 7 }, () => createConversation(t.tenantId, { channelId, contactId, teamId })));
    const results = await Promise.all(ids.map((id) => withTenant(t.tenantId, (tx) => autoAssign(tx, t.tenantId, id))));
    expect(results.filter((r) => r.outcome === "assigned")).toHaveLength(4);
    expect(results.filter((r) => r.outcome === "skipped" && r.reason === "at_capacity")).toHaveLength(3);
    const rows = await assigneesOf(ids);
    const load = (u: string) => rows.filter((r) => r.assigneeId === u).length;
    expect(load(a1.id)).toBe(2);
    expect(load(a2.id)).toBe(2);
    // Resolving one frees a slot for the next conversation.
    const done = rows.find((r) => r.assigneeId === a1.id)!;
    await ownerRows(`UPDATE "Conversation" SET status = 'resolved' WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, done.id]);
    const waiting = rows.find((r) => r.assigneeId === null)!;
    expect(await withTenant(t.tenantId, (tx) => autoAssign(tx, t.tenantId, waiting.id))).toMatchObject({ outcome: "assigned", assigneeId: a1.id });
  });

  it("rotates between equally loaded members, least recently assigned first", async () => {
    const m1 = await addMember(t.tenantId, "agent", "Rota One");
    const m2 = await addMember(t.tenantId, "agent", "Rota Two");
    const teamId = await createTeam(t.tenantId, "Rota", [
      { userId: m1.id, capacity: 10 },
      { userId: m2.id, capacity: 10 },
    ]);
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await createConversation(t.tenantId, { channelId, contactId, teamId });
      const r = await withTenant(t.tenantId, (tx) => autoAssign(tx, t.tenantId, id));
      if (r.outcome !== "assigned") throw new Error(`not assigned: ${JSON.stringify(r)}`);
      picks.push(r.assigneeId);
      // Resolving keeps loads equal, so only the rotation decides.
      await ownerRows(`UPDATE "Conversation" SET status = 'resolved' WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, id]);
    }
    expect(new Set(picks).size).toBe(2);
    expect(picks[0]).not.toBe(picks[1]);
    expect(picks[2]).toBe(picks[0]);
    expect(picks[3]).toBe(picks[1]);
  });

  it("leaves a conversation unassigned and pending outside business hours, and records why", async () => {
    const closed = { ...DEFAULT_BUSINESS_HOURS, enabled: true, timezone: "Europe/Rome" };
    const teamId = await createTeam(t.tenantId, "Office hours", [{ userId: a1.id, capacity: 50 }], { autoAssign: true, businessHours: closed });
    const id = await createConversation(t.tenantId, { channelId, contactId, teamId });
    const sunday = new Date("2026-03-29T10:00:00Z");
    expect(await withTenant(t.tenantId, (tx) => autoAssign(tx, t.tenantId, id, { at: sunday }))).toMatchObject({ outcome: "outside_hours" });
    expect((await assigneesOf([id]))[0]).toMatchObject({ assigneeId: null, status: "pending" });
    const lines = await ownerRows<{ text: string }>(`SELECT text FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2 AND "authorType" = 'system'`, [t.tenantId, id]);
    expect(lines.map((l) => l.text)).toEqual(["Outside business hours: marked pending and left unassigned"]);
    // Monday 10:00 in Rome: within hours, the pending conversation is assigned and opened.
    const monday = new Date("2026-03-30T08:00:00Z");
    expect(await withTenant(t.tenantId, (tx) => autoAssign(tx, t.tenantId, id, { at: monday }))).toMatchObject({ outcome: "assigned", assigneeId: a1.id });
    expect((await assigneesOf([id]))[0]).toMatchObject({ assigneeId: a1.id, status: "open" });
  });

  it("uses the workspace's agents (not admins or owners) when the conversation has no team", async () => {
    const fresh = await createInboxTenant("No team");
    const only = await addMember(fresh.tenantId, "agent", "Solo Agent");
    await addMember(fresh.tenantId, "admin", "Not Me");
    const ch = await createChannel(fresh.tenantId);
    const ct = await createContact(fresh.tenantId);
    const id = await createConversation(fresh.tenantId, { channelId: ch, contactId: ct });
    expect(await withTenant(fresh.tenantId, (tx) => autoAssign(tx, fresh.tenantId, id))).toMatchObject({ outcome: "assigned", assigneeId: only.id });
    void admin;
  });

  it("does nothing to assigned, resolved or missing conversations, or teams with auto-assign off", async () => {
    const assigned = await createConversation(t.tenantId, { channelId, contactId, assigneeId: a2.id });
    const resolved = await createConversation(t.tenantId, { channelId, contactId, status: "resolved" });
    const off = await createTeam(t.tenantId, "Manual", [{ userId: a1.id, capacity: 50 }], { autoAssign: false });
    const manual = await createConversation(t.tenantId, { channelId, contactId, teamId: off });
    const run = (id: string) => withTenant(t.tenantId, (tx) => autoAssign(tx, t.tenantId, id));
    expect(await run(assigned)).toEqual({ outcome: "skipped", reason: "already_assigned" });
    expect(await run(resolved)).toEqual({ outcome: "skipped", reason: "not_open" });
    expect(await run(manual)).toEqual({ outcome: "skipped", reason: "disabled" });
    expect(await run("nope")).toEqual({ outcome: "skipped", reason: "not_found" });
  });
});
