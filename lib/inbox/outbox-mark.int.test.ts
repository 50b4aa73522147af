import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appPool, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";

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

describe("sotto_outbox_prune", () => {
  const insert = async (c: pg.PoolClient, tenantId: string, createdDaysAgo: number, sentDaysAgo: number | null) => {
    const id = randomId("ob");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await c.query(
      `INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data, "createdAt", "sentAt")
       VALUES ($1, $2, 'message.received', $1, '{}', now() - make_interval(days => $3), CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(days => $4::int) END)`,
      [id, tenantId, createdDaysAgo, sentDaysAgo],
    );
    return id;
  };
  const exists = async (c: pg.PoolClient, tenantId: string, id: string) => (await state(c, tenantId, id)) !== undefined;

  it("deletes rows sent before the cut-off in every tenant, keeps recent and pending ones however old", async () => {
    await inTransaction(async (c) => {
      const oldSent = await insert(c, a.tenantId, 9, 8);
      const recentSent = await insert(c, a.tenantId, 7, 6);
      const oldPending = await insert(c, a.tenantId, 30, null);
      const otherTenantOldSent = await insert(c, b.tenantId, 9, 8);
      const { rows } = await c.query<{ n: number }>(`SELECT sotto_outbox_prune((now() - interval '7 days')::timestamp(3), 1000) AS n`);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(2);
      expect(await exists(c, a.tenantId, oldSent)).toBe(false);
      expect(await exists(c, b.tenantId, otherTenantOldSent)).toBe(false);
      expect(await exists(c, a.tenantId, recentSent)).toBe(true);
      expect(await exists(c, a.tenantId, oldPending)).toBe(true);
    });
  });

  it("deletes at most the batch it is given", async () => {
    await inTransaction(async (c) => {
      const ids = [await insert(c, a.tenantId, 20, 19), await insert(c, a.tenantId, 20, 18), await insert(c, a.tenantId, 20, 17)];
      const { rows } = await c.query<{ n: number }>(`SELECT sotto_outbox_prune((now() - interval '16 days')::timestamp(3), 2) AS n`);
      expect(rows[0]!.n).toBe(2);
      // Oldest first.
      expect(await Promise.all(ids.map((id) => exists(c, a.tenantId, id)))).toEqual([false, false, true]);
    });
  });

  it("is the only thing the definer may delete: row-level security keeps it to sent rows, whatever the statement says", async () => {
    const c = await ownerPool().connect();
    try {
      await c.query("BEGIN");
      const sent = await insert(c, a.tenantId, 9, 8);
      const pending = await insert(c, a.tenantId, 9, null);
      await c.query("SET LOCAL ROLE sotto_definer");
      const { rowCount } = await c.query(`DELETE FROM "OutboxEvent" WHERE id = ANY ($1::text[])`, [[sent, pending]]);
      expect(rowCount).toBe(1);
      await c.query("RESET ROLE");
      expect(await exists(c, a.tenantId, sent)).toBe(false);
      expect(await exists(c, a.tenantId, pending)).toBe(true);
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
  });
});

