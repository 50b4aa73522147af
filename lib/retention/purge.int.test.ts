import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appPool, asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import { createChannel } from "@/lib/privacy/testing/fixtures";

/**
 * Retention on real PostgreSQL with an explicit clock (`at`): hiding when the
 * period ends (by the tenant's watermark, enforced by RLS and in search),
 * physical deletion after the grace period, legal holds respected (and a
 * released hold's grace period), dry-run counts equal to the real run's,
 * ranges enforced with nothing saved.
 */
type TMods = typeof import("./purge") &
  typeof import("./settings") &
  typeof import("./holds") &
  typeof import("@/lib/db/client") &
  typeof import("@/lib/actions/errors") &
  typeof import("@/lib/clock") &
  typeof import("@/lib/audit/verify");
let m: TMods;
let t: TTenantFixture;
let other: TTenantFixture;

const DAY = 86_400_000;
const T0 = new Date("2030-06-15T12:00:00Z");
const monthsAgo = (n: number, extraDays = 0) => {
  const d = new Date(T0);
  d.setUTCMonth(d.getUTCMonth() - n);
  return new Date(d.getTime() - extraDays * DAY);
};
const utc = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

type TConv = { conversationId: string; contactId: string; messageIds: string[]; attachmentIds: string[] };

async function conversation(tenantId: string, channelId: string, messageTimes: Date[], text = "order 4821 arrived damaged"): Promise<TConv> {
  const contactId = randomId("ct");
  const conversationId = randomId("cv");
  const out: TConv = { conversationId, contactId, messageIds: [], attachmentIds: [] };
  await asOwner({ tenantId }, async (c) => {
    await c.query(`INSERT INTO "Contact" (id, "tenantId", name, "updatedAt") VALUES ($1, $2, 'Retention test', now())`, [contactId, tenantId]);
    const last = messageTimes.reduce((a, b) => (a > b ? a : b));
    await c.query(`INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", "lastActivityAt", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $5, now())`, [
      conversationId, tenantId, channelId, contactId, utc(last),
    ]);
    for (const at of messageTimes) {
      const id = randomId("m");
      out.messageIds.push(id);
      await c.query(`INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", text, "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, 'inbound', 'contact', $5, $6, now())`, [
        id, tenantId, conversationId, channelId, text, utc(at),
      ]);
      const a = randomId("a");
      out.attachmentIds.push(a);
      await c.query(`INSERT INTO "Attachment" (id, "tenantId", "messageId", "fileName", "contentType", size, "storageKey", sha256) VALUES ($1, $2, $3, 'p.jpg', 'image/jpeg', 1, $4, 'x')`, [a, tenantId, id, `k/${a}`]);
    }
  });
  return out;
}

async function webhookEvents(tenantId: string, channelId: string, at: Date, n: number): Promise<void> {
  await asOwner({ tenantId }, async (c) => {
    for (let i = 0; i < n; i++) {
      const key = randomId("k");
      await c.query(`INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload, "receivedAt") VALUES ($1, $2, $3, 'meta', $4, '{}', $5)`, [randomId("we"), tenantId, channelId, key, utc(at)]);
      await c.query(`INSERT INTO "DeliveryLog" (id, "tenantId", "channelId", outcome, "httpStatus", "eventKey", "createdAt") VALUES ($1, $2, $3, 'ingested', 200, $4, $5)`, [randomId("dl"), tenantId, channelId, key, utc(at)]);
    }
  });
}

async function exists(table: string, ids: string[]): Promise<number> {
  const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "${table}" WHERE id = ANY($1)`, [ids]);
  return rows[0].n;
}

/** What the application (sotto_app, under RLS) sees. */
async function visibleToApp(tenantId: string, table: string, ids: string[]): Promise<number> {
  const c = await appPool().connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM "${table}" WHERE id = ANY($1)`, [ids]);
    await c.query("COMMIT");
    return rows[0].n;
  } finally {
    c.release();
  }
}

/** Conversations the inbox search finds for `query`, as the application. */
async function searchAsApp(tenantId: string, query: string): Promise<string[]> {
  const c = await appPool().connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const { rows } = await c.query<{ conversation_id: string }>(`SELECT conversation_id FROM sotto_search_messages($1, 100)`, [query]);
    await c.query("COMMIT");
    return rows.map((r) => r.conversation_id).sort();
  } finally {
    c.release();
  }
}

/** Runs `work` with Sotto's clock (lib/clock) at `at`. */
async function atTime<T>(at: Date, work: () => Promise<T>): Promise<T> {
  m.setClockOffset(at.getTime() - Date.now());
  try {
    return await work();
  } finally {
    m.setClockOffset(0);
  }
}

let old: TConv;
let recent: TConv;
let mixed: TConv;
let held: TConv;
let foreign: TConv;
let logChannel: string;

beforeAll(async () => {
  vi.stubEnv("SOTTO_TEST_CLOCK", "1");
  vi.resetModules();
  m = {
    ...(await import("./purge")),
    ...(await import("./settings")),
    ...(await import("./holds")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/actions/errors")),
    ...(await import("@/lib/clock")),
    ...(await import("@/lib/audit/verify")),
  };
  t = await createTenantFixture("Retention");
  other = await createTenantFixture("Retention other");
  const ch = await createChannel(t.tenantId, "whatsapp");
  logChannel = ch;
  old = await conversation(t.tenantId, ch, [monthsAgo(26), monthsAgo(25)]);
  recent = await conversation(t.tenantId, ch, [monthsAgo(1)]);
  mixed = await conversation(t.tenantId, ch, [monthsAgo(30), monthsAgo(2)]);
  held = await conversation(t.tenantId, ch, [monthsAgo(40)]);
  await webhookEvents(t.tenantId, ch, monthsAgo(19), 3);
  await webhookEvents(t.tenantId, ch, monthsAgo(17), 2);
  foreign = await conversation(other.tenantId, await createChannel(other.tenantId, "whatsapp"), [monthsAgo(40)]);
  await m.placeHold(t.tenantId, { userId: t.userId, email: t.email }, { conversationId: held.conversationId, reason: "Dispute with the customer over order 4821 (court case)." });
});

afterAll(async () => {
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

describe("retention purge", () => {
  it("hides what outlived its period (dry run = real run) from the app and from search, and keeps held data", async () => {
    expect(await searchAsApp(t.tenantId, "4821")).toEqual([old.conversationId, recent.conversationId, mixed.conversationId, held.conversationId].sort());
    const dry = await m.dryRunPurge(t.tenantId, { at: T0 });
    expect(dry["conversation-logs"]).toEqual({ softDeleted: { Message: 3, Conversation: 1 }, physicallyDeleted: { Attachment: 0, Message: 0, Conversation: 0 } });
    expect(dry["api-webhook-logs"]).toEqual({ softDeleted: { WebhookEvent: 3, DeliveryLog: 3 }, physicallyDeleted: { WebhookEvent: 0, DeliveryLog: 0 } });

    const real = await m.purgeTenant(t.tenantId, { at: T0, batchSize: 2 });
    expect(real.counts).toEqual(dry);

    // Hidden: still stored, invisible to the application and to search.
    expect(await exists("Message", old.messageIds)).toBe(2);
    expect(await visibleToApp(t.tenantId, "Message", old.messageIds)).toBe(0);
    expect(await visibleToApp(t.tenantId, "Conversation", [old.conversationId])).toBe(0);
    expect(await visibleToApp(t.tenantId, "Attachment", old.attachmentIds)).toBe(0);
    expect(await visibleToApp(t.tenantId, "Message", mixed.messageIds)).toBe(1);
    expect(await visibleToApp(t.tenantId, "Attachment", mixed.attachmentIds)).toBe(1);
    expect(await visibleToApp(t.tenantId, "Message", recent.messageIds)).toBe(1);
    expect(await searchAsApp(t.tenantId, "4821")).toEqual([recent.conversationId, mixed.conversationId, held.conversationId].sort());
    // One row written for all of it: the run's watermark, at the end of the period.
    const { rows: marks } = await ownerPool().query(`SELECT "softBefore" FROM "PurgeRun" WHERE "tenantId" = $1`, [t.tenantId]);
    expect(marks.map((r) => (r.softBefore as Date).toISOString())).toEqual([monthsAgo(24).toISOString()]);
    const { rows: marked } = await ownerPool().query(`SELECT count(*)::int AS n FROM "Message" WHERE "tenantId" = $1 AND "deletedAt" IS NOT NULL`, [t.tenantId]);
    expect(marked[0].n).toBe(0);
    // Held and other tenants' data untouched.
    expect(await visibleToApp(t.tenantId, "Message", held.messageIds)).toBe(1);
    expect(await visibleToApp(t.tenantId, "Attachment", held.attachmentIds)).toBe(1);
    expect(await visibleToApp(other.tenantId, "Message", foreign.messageIds)).toBe(1);

    const { rows: runs } = await ownerPool().query(`SELECT id, counts, "durationMs" FROM "PurgeRun" WHERE "tenantId" = $1`, [t.tenantId]);
    expect(runs).toHaveLength(1);
    expect(runs[0].counts).toEqual(dry);
    // The run is in the tenant's audit trail, and the chain still verifies.
    const { rows: audit } = await ownerPool().query(`SELECT "targetId", metadata FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'retention.purged'`, [t.tenantId]);
    expect(audit).toEqual([{ targetId: runs[0].id, metadata: { counts: dry, durationMs: runs[0].durationMs } }]);
    expect(await m.verifyAuditChain(t.tenantId)).toMatchObject({ ok: true });
  });

  it("a second run at the same time finds nothing more", async () => {
    const again = await m.purgeTenant(t.tenantId, { at: T0 });
    expect(Object.values(again.counts).flatMap((c) => [...Object.values(c.softDeleted), ...Object.values(c.physicallyDeleted)]).every((n) => n === 0)).toBe(true);
  });

  it("physically deletes after the grace period, attachments included (dry run = real run), and still keeps held data", async () => {
    const before = new Date(T0.getTime() + (m.HARD_DELETE_AFTER_DAYS - 1) * DAY);
    expect((await m.dryRunPurge(t.tenantId, { at: before }))["conversation-logs"]!.physicallyDeleted.Message).toBe(0);

    const at = new Date(T0.getTime() + (m.HARD_DELETE_AFTER_DAYS + 1) * DAY);
    const dry = await m.dryRunPurge(t.tenantId, { at });
    expect(dry["conversation-logs"]!.physicallyDeleted).toEqual({ Attachment: 3, Message: 3, Conversation: 1 });
    expect(dry["api-webhook-logs"]!.physicallyDeleted).toEqual({ WebhookEvent: 3, DeliveryLog: 3 });
    const real = await m.purgeTenant(t.tenantId, { at, batchSize: 2 });
    expect(real.counts).toEqual(dry);

    expect(await exists("Message", old.messageIds)).toBe(0);
    expect(await exists("Attachment", old.attachmentIds)).toBe(0);
    expect(await exists("Conversation", [old.conversationId])).toBe(0);
    expect(await exists("Message", mixed.messageIds)).toBe(1);
    expect(await exists("Message", held.messageIds)).toBe(1);
    expect(await exists("Attachment", held.attachmentIds)).toBe(1);
    const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE "tenantId" = $1 AND "channelId" = $2`, [t.tenantId, logChannel]);
    expect(rows[0].n).toBe(2);
  });

  it("releasing a hold hides what retention already reached at once; physical deletion waits the grace period after the release", async () => {
    expect(await visibleToApp(t.tenantId, "Message", held.messageIds)).toBe(1);
    const releasedAt = new Date(T0.getTime() + 40 * DAY);
    const [hold] = await m.listHolds(t.tenantId);
    await atTime(releasedAt, () => m.releaseHold(t.tenantId, { userId: t.userId, email: t.email }, hold!.id));
    expect(await visibleToApp(t.tenantId, "Message", held.messageIds)).toBe(0);
    expect(await visibleToApp(t.tenantId, "Conversation", [held.conversationId])).toBe(0);
    expect(await searchAsApp(t.tenantId, "4821")).not.toContain(held.conversationId);

    const soon = new Date(releasedAt.getTime() + (m.HARD_DELETE_AFTER_DAYS - 1) * DAY);
    const drySoon = await m.dryRunPurge(t.tenantId, { at: soon });
    expect((await m.purgeTenant(t.tenantId, { at: soon })).counts).toEqual(drySoon);
    expect(drySoon["conversation-logs"]!.physicallyDeleted).toEqual({ Attachment: 0, Message: 0, Conversation: 0 });
    expect(await exists("Message", held.messageIds)).toBe(1);

    const later = new Date(releasedAt.getTime() + (m.HARD_DELETE_AFTER_DAYS + 1) * DAY);
    const dryLater = await m.dryRunPurge(t.tenantId, { at: later });
    expect((await m.purgeTenant(t.tenantId, { at: later })).counts).toEqual(dryLater);
    expect(dryLater["conversation-logs"]!.physicallyDeleted).toEqual({ Attachment: 1, Message: 1, Conversation: 1 });
    expect(await exists("Message", held.messageIds)).toBe(0);
    expect(await exists("Conversation", [held.conversationId])).toBe(0);
  });

  it("the outside-hours assignment sweep (a definer function, outside RLS) skips conversations below the watermark", async () => {
    const pendingSince = async (at: Date) => {
      const c = await conversation(t.tenantId, logChannel, [at], "waiting for an agent");
      await asOwner({ tenantId: t.tenantId }, async (o) => {
        await o.query(`UPDATE "Conversation" SET status = 'pending', "assigneeId" = NULL WHERE id = $1`, [c.conversationId]);
        await o.query(
          `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", text, payload, "createdAt", "updatedAt")
           VALUES ($1, $2, $3, $4, 'outbound', 'system', 'Outside business hours', '{"activity":{"type":"outside_hours"}}', $5, now())`,
          [randomId("m"), t.tenantId, c.conversationId, logChannel, utc(at)],
        );
      });
      return c.conversationId;
    };
    const expired = await pendingSince(monthsAgo(30));
    const live = await pendingSince(monthsAgo(1));
    const { rows } = await ownerPool().query<{ conversation_id: string }>(`SELECT conversation_id FROM sotto_outside_hours_pending(5000) WHERE tenant_id = $1`, [t.tenantId]);
    const listed = rows.map((r) => r.conversation_id);
    expect(listed).toContain(live);
    expect(listed).not.toContain(expired);
  });

  it("rows older than the watermark stay hidden whenever they are written; a hold brings them back, for search too", async () => {
    const late = await conversation(t.tenantId, logChannel, [monthsAgo(25)], "late import of order 9130");
    expect(await visibleToApp(t.tenantId, "Message", late.messageIds)).toBe(0);
    expect(await visibleToApp(t.tenantId, "Conversation", [late.conversationId])).toBe(0);
    expect(await searchAsApp(t.tenantId, "9130")).toEqual([]);

    const { id } = await m.placeHold(t.tenantId, { userId: t.userId, email: t.email }, { contactId: late.contactId, reason: "Regulator inquiry about order 9130 (case 77)." });
    expect(await visibleToApp(t.tenantId, "Message", late.messageIds)).toBe(1);
    expect(await visibleToApp(t.tenantId, "Conversation", [late.conversationId])).toBe(1);
    expect(await searchAsApp(t.tenantId, "9130")).toEqual([late.conversationId]);
    // Another tenant's watermark and holds change nothing here, and the reverse.
    expect(await visibleToApp(other.tenantId, "Message", foreign.messageIds)).toBe(1);

    await m.releaseHold(t.tenantId, { userId: t.userId, email: t.email }, id);
    expect(await visibleToApp(t.tenantId, "Message", late.messageIds)).toBe(0);
  });
});

describe("retention settings", () => {
  const actor = () => ({ userId: t.userId, email: t.email });

  it("refuse values outside the allowed range and save nothing", async () => {
    await expect(m.saveRetentionSettings(t.tenantId, actor(), { "call-recordings": 6, "conversation-logs": 30 }, true)).rejects.toThrow(/between 1 and 24 months/);
    await expect(m.saveRetentionSettings(t.tenantId, actor(), { "conversation-logs": 0 }, true)).rejects.toThrow(m.ActionError);
    await expect(m.saveRetentionSettings(t.tenantId, actor(), { "security-logs": 6 }, true)).rejects.toThrow(/fixed/);
    const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "RetentionSetting" WHERE "tenantId" = $1`, [t.tenantId]);
    expect(rows[0].n).toBe(0);
  });

  it("show the dry run before saving a shorter period, then save it and audit the change", async () => {
    const first = await m.saveRetentionSettings(t.tenantId, actor(), { "conversation-logs": 1 }, false, { at: T0 });
    expect(first.saved).toBe(false);
    if (first.saved) return;
    expect(first.shorter).toEqual(["conversation-logs"]);
    // With one month, the message of `mixed` from two months ago would go too.
    expect(first.dryRun["conversation-logs"]!.softDeleted.Message).toBe(1);
    const { rows: none } = await ownerPool().query(`SELECT count(*)::int AS n FROM "RetentionSetting" WHERE "tenantId" = $1`, [t.tenantId]);
    expect(none[0].n).toBe(0);

    expect(await m.saveRetentionSettings(t.tenantId, actor(), { "conversation-logs": 1 }, true)).toEqual({ saved: true, changed: ["conversation-logs"] });
    const view = await m.retentionView(t.tenantId);
    expect(view.find((r) => r.id === "conversation-logs")).toMatchObject({ months: 1, custom: true });
    // Lengthening back needs no confirmation.
    expect(await m.saveRetentionSettings(t.tenantId, actor(), { "conversation-logs": 12 }, false)).toEqual({ saved: true, changed: ["conversation-logs"] });
    const { rows } = await ownerPool().query(`SELECT action FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'retention.settings_updated'`, [t.tenantId]);
    expect(rows).toHaveLength(2);
  });
});
