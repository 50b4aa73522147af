import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ownerDatabaseUrl } from "@/lib/testing/db";
import { createTestDatabase, type TTestDatabase } from "@/lib/testing/test-db";
import { startFakeInngest, type TFakeInngest } from "./fixtures/fake-inngest";

/**
 * The outbox relay against an Inngest outage. This file gets a database of its
 * own: the relay drains every tenant's pending events, so relays running in
 * other test files would otherwise send this file's rows while it simulates the outage.
 */
let database: TTestDatabase | undefined;
let owner: pg.Pool;
let fake: TFakeInngest;
let relay: typeof import("./outbox-relay");
let ingest: typeof import("./ingest");
// lib/db/client keeps its pool on globalThis, shared by every file a worker runs: this file sets its own aside.
const shared = globalThis as unknown as { sottoDb?: unknown; sottoPool?: pg.Pool };
let previous: { sottoDb?: unknown; sottoPool?: pg.Pool };
const tenantId = `t_relay_${randomBytes(4).toString("hex")}`;
const channelId = `ch_relay_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  try {
    database = await createTestDatabase(ownerDatabaseUrl());
  } catch (error) {
    // The embedded database (PGlite) serves one database only.
    console.warn(`outbox relay test skipped: cannot create a database of its own (${(error as Error).message})`);
    return;
  }
  fake = await startFakeInngest();
  previous = { sottoDb: shared.sottoDb, sottoPool: shared.sottoPool };
  shared.sottoDb = undefined;
  shared.sottoPool = undefined;
  vi.stubEnv("DATABASE_URL", database.ownerUrl);
  vi.stubEnv("APP_DATABASE_URL", database.appUrl);
  vi.stubEnv("INNGEST_BASE_URL", fake.url);
  vi.stubEnv("INNGEST_EVENT_KEY", "test-event-key");
  relay = await import("./outbox-relay");
  ingest = await import("./ingest");
  owner = new pg.Pool({ connectionString: database.ownerUrl, max: 2 });
  const c = await owner.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await c.query(`INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES ($1, 'Relay', $1, now())`, [tenantId]);
    await c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", "updatedAt") VALUES ($1, $2, 'whatsapp', 'WA', $1, now())`, [channelId, tenantId]);
    await c.query("COMMIT");
  } finally {
    c.release();
  }
}, 120_000);

afterAll(async () => {
  relay?.resetOutboxRelayState();
  await shared.sottoPool?.end();
  shared.sottoDb = previous?.sottoDb;
  shared.sottoPool = previous?.sottoPool;
  await owner?.end();
  await fake?.close();
  vi.unstubAllEnvs();
  await database?.drop();
});

async function outboxRows(): Promise<{ eventId: string; sentAt: Date | null; attempts: number; lastError: string | null }[]> {
  const c = await owner.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const { rows } = await c.query(`SELECT "eventId", "sentAt", attempts, "lastError" FROM "OutboxEvent" WHERE "tenantId" = $1 ORDER BY "createdAt"`, [tenantId]);
    await c.query("COMMIT");
    return rows;
  } finally {
    c.release();
  }
}

describe("outbox relay", () => {
  it("loses nothing during an Inngest outage and sends every event once by id afterwards", async (ctx) => {
    if (!database) return ctx.skip();
    const count = 130; // more than one batch
    for (let i = 0; i < count; i++) {
      await ingest.ingestInbound({
        tenantId,
        channelId,
        channelType: "whatsapp",
        contact: { identities: [{ kind: "wa_id", value: `39333000${String(i % 7).padStart(4, "0")}` }] },
        providerMessageId: `wamid.relay.${i}`,
        kind: "text",
        text: `message ${i}`,
        raw: { provider: "meta", eventKey: `wa:msg:wamid.relay.${i}`, payload: {} },
      });
    }
    expect((await outboxRows()).filter((r) => !r.sentAt)).toHaveLength(count);

    fake.failing = true;
    const down = await relay.relayOutbox();
    expect(down.sent).toBe(0);
    expect(down.failed).toBeGreaterThan(0);
    expect(fake.accepted).toHaveLength(0);
    const during = await outboxRows();
    expect(during.every((r) => r.sentAt === null)).toBe(true);
    expect(during.filter((r) => r.attempts === 1 && /500|simulated outage|Internal server error/i.test(r.lastError ?? ""))).toHaveLength(down.failed);

    // Still down: a second attempt fails too and keeps everything.
    await relay.relayOutbox();
    expect((await outboxRows()).every((r) => r.sentAt === null)).toBe(true);

    fake.failing = false;
    relay.resetOutboxRelayState();
    const up = await relay.relayOutbox();
    expect(up).toMatchObject({ sent: count, failed: 0, invalid: 0 });
    const after = await outboxRows();
    expect(after.every((r) => r.sentAt !== null)).toBe(true);

    const ids = fake.accepted.map((e) => e.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(new Set(ids)).toEqual(new Set(after.map((r) => r.eventId)));
    expect(fake.accepted.every((e) => e.name === "message.received")).toBe(true);

    // Nothing left: another relay sends nothing more.
    expect(await relay.relayOutbox()).toMatchObject({ sent: 0, failed: 0 });
    expect(fake.accepted).toHaveLength(count);
  });
});
