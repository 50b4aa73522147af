import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appPool, closeTestConnections, createTenantFixture, randomId, type TTenantFixture } from "@/lib/testing/db";

/**
 * sotto_outbox_mark runs as the app role and sets the tenant context itself:
 * row-level security must keep it to the tenant it names, whatever ids it is
 * handed. Each case runs in one uncommitted transaction, so an outbox relay
 * started by another test file never sees (or sends) these rows.
 */
let a: TTenantFixture;
let b: TTenantFixture;

async function inTransaction(work: (c: pg.PoolClient) => Promise<void>): Promise<void> {
  const c = await appPool().connect();
  try {
    await c.query("BEGIN");
    await work(c);
  } finally {
    await c.query("ROLLBACK");
    c.release();
  }
}

async function outboxRow(c: pg.PoolClient, tenantId: string): Promise<string> {
  const id = randomId("ob");
  await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
  await c.query(`INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data) VALUES ($1, $2, 'message.received', $1, '{}')`, [id, tenantId]);
  return id;
}

async function state(c: pg.PoolClient, tenantId: string, id: string) {
  await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
  return (await c.query(`SELECT "sentAt", attempts, "lastError" FROM "OutboxEvent" WHERE id = $1`, [id])).rows[0];
}

const mark = async (c: pg.PoolClient, tenantId: string, ids: string[], error: string | null) =>
  (await c.query<{ n: number }>(`SELECT sotto_outbox_mark($1, $2::text[], now()::timestamp(3), $3) AS n`, [tenantId, ids, error])).rows[0]!.n;

beforeAll(async () => {
  a = await createTenantFixture("Outbox A");
  b = await createTenantFixture("Outbox B");
});

afterAll(closeTestConnections);

describe("sotto_outbox_mark", () => {
  it("marks the named tenant's rows sent once, and never another tenant's", async () => {
    await inTransaction(async (c) => {
      const mine = await outboxRow(c, a.tenantId);
      const theirs = await outboxRow(c, b.tenantId);
      expect(await mark(c, a.tenantId, [mine, theirs], null)).toBe(1);
      expect((await state(c, a.tenantId, mine)).sentAt).not.toBeNull();
      expect(await state(c, b.tenantId, theirs)).toMatchObject({ sentAt: null, attempts: 0 });
      // Already sent: a second pass changes nothing.
      expect(await mark(c, a.tenantId, [mine], null)).toBe(0);
    });
  });

  it("records a failure as an attempt with the error, for the named tenant only", async () => {
    await inTransaction(async (c) => {
      const mine = await outboxRow(c, a.tenantId);
      const theirs = await outboxRow(c, b.tenantId);
      expect(await mark(c, a.tenantId, [mine, theirs], "x".repeat(1500))).toBe(1);
      const row = await state(c, a.tenantId, mine);
      expect(row).toMatchObject({ sentAt: null, attempts: 1 });
      expect(row.lastError).toHaveLength(1000);
      expect(await state(c, b.tenantId, theirs)).toMatchObject({ attempts: 0, lastError: null });
    });
  });

  it("refuses a call without a tenant", async () => {
    await inTransaction(async (c) => {
      await expect(mark(c, "", [], null)).rejects.toThrow(/tenant is required/);
    });
  });
});
