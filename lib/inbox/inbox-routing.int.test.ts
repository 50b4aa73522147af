import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { closeTestConnections } from "@/lib/testing/db";
import { ActionError } from "@/lib/actions/errors";
import { DEFAULT_BUSINESS_HOURS } from "./business-hours";
import { ZUpdateInboxRouting } from "./inbox-routing";
import { listInboxRouting, updateInboxRouting } from "./inbox-routing-service";
import { addMember, createChannel, createInboxTenant, createTeam, ownerRows, type TInboxTenant, type TMember } from "./testing/fixtures";

/**
 * Per-inbox assignment settings (Settings → Teams → Inboxes) on real
 * PostgreSQL: saved next to the channel's own settings without losing them,
 * audited, and refused for a team or channel that is not there.
 */
let t: TInboxTenant;
let admin: TMember;
const ctx = { requestId: "routing-test", ipPrefix: null };
const actor = () => ({ user: { id: admin.id, email: admin.email, name: admin.name }, role: "admin" as const, tenant: { id: t.tenantId, name: t.name } });

beforeAll(async () => {
  t = await createInboxTenant("Routing");
  admin = await addMember(t.tenantId, "admin", "Ada Admin");
});

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  await closeTestConnections();
});

describe("inbox assignment settings", () => {
  it("saves auto-assign, team and hours next to the widget's settings, and records it in the audit log", async () => {
    const teamId = await createTeam(t.tenantId, "Sales", []);
    const channelId = await createChannel(t.tenantId, { type: "widget", name: "Website", settings: { greeting: "Ciao!", allowedOrigins: ["https://shop.example"] } });
    const hours = { ...DEFAULT_BUSINESS_HOURS, enabled: true, timezone: "America/New_York" };
    await updateInboxRouting(actor(), { channelId, autoAssign: false, teamId, businessHours: hours }, ctx);

    const [row] = await ownerRows<{ settings: Record<string, unknown> }>(`SELECT settings FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, channelId]);
    expect(row!.settings).toMatchObject({ greeting: "Ciao!", allowedOrigins: ["https://shop.example"], routing: { autoAssign: false, teamId }, businessHours: { enabled: true, timezone: "America/New_York" } });
    expect((await listInboxRouting(t.tenantId)).find((i) => i.channelId === channelId)).toMatchObject({ name: "Website", routing: { autoAssign: false, teamId }, businessHours: hours });
    const audit = await ownerRows<{ action: string; metadata: Record<string, unknown> }>(`SELECT action, metadata FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'inbox.routing_updated'`, [t.tenantId]);
    expect(audit).toEqual([expect.objectContaining({ metadata: expect.objectContaining({ autoAssign: false, teamId }) })]);
  });

  it("refuses a team that does not exist, a disconnected inbox, and malformed input, changing nothing", async () => {
    const channelId = await createChannel(t.tenantId, { settings: { routing: { autoAssign: true, teamId: null } } });
    await expect(updateInboxRouting(actor(), { channelId, autoAssign: true, teamId: "tm_missing", businessHours: null }, ctx)).rejects.toBeInstanceOf(ActionError);
    await ownerRows(`UPDATE "Channel" SET status = 'disconnected' WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, channelId]);
    await expect(updateInboxRouting(actor(), { channelId, autoAssign: false, teamId: null, businessHours: null }, ctx)).rejects.toThrow("no longer connected");
    const [row] = await ownerRows<{ settings: unknown }>(`SELECT settings FROM "Channel" WHERE "tenantId" = $1 AND id = $2`, [t.tenantId, channelId]);
    expect(row!.settings).toEqual({ routing: { autoAssign: true, teamId: null } });

    const bad = ZUpdateInboxRouting.safeParse({ channelId, autoAssign: "yes", teamId: null, businessHours: { ...DEFAULT_BUSINESS_HOURS, timezone: "Mars/Olympus" } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["autoAssign", "businessHours.timezone"]));
  });

  it("never reads or writes another workspace's inbox or team", async () => {
    const other = await createInboxTenant("Routing elsewhere");
    const theirTeam = await createTeam(other.tenantId, "Their team", []);
    const theirChannel = await createChannel(other.tenantId, { settings: { greeting: "Hallo" } });
    const mine = await createChannel(t.tenantId, { settings: { routing: { autoAssign: true, teamId: null } } });

    // Their channel named by id from this workspace: as if it did not exist.
    await expect(updateInboxRouting(actor(), { channelId: theirChannel, autoAssign: false, teamId: null, businessHours: null }, ctx)).rejects.toThrow("no longer connected");
    // Their team as this inbox's default team: refused like a deleted one.
    await expect(updateInboxRouting(actor(), { channelId: mine, autoAssign: true, teamId: theirTeam, businessHours: null }, ctx)).rejects.toThrow("no longer exists");

    const rows = await ownerRows<{ id: string; settings: unknown }>(`SELECT id, settings FROM "Channel" WHERE id = ANY($1) ORDER BY id`, [[theirChannel, mine]]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.settings]))).toEqual({ [theirChannel]: { greeting: "Hallo" }, [mine]: { routing: { autoAssign: true, teamId: null } } });
    expect((await listInboxRouting(t.tenantId)).map((i) => i.channelId)).not.toContain(theirChannel);
  });
});
