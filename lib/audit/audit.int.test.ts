import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool, withTenant } from "@/lib/db/client";
import { createTestTenant, ensureTestDatabase, ownerQuery, type TTestDatabase } from "@/lib/testing/test-db";
import { recordAudit, recordSecurityEvent, type TAuditInput } from "./record";
import { verifyAuditChain } from "./verify";
import { listAuditEvents } from "./query";
import { auditCsvStream } from "./export";

let tdb: TTestDatabase;

beforeAll(async () => {
  tdb = await ensureTestDatabase();
});

afterAll(async () => {
  await db().$disconnect();
  await pool().end();
  await tdb?.drop();
});

const event = (tenantId: string, i: number, over: Partial<TAuditInput> = {}): TAuditInput => ({
  tenantId,
  action: "member.invited",
  actor: { userId: `u${i % 3}`, email: `Admin${i % 3}@Example.com` },
  target: { type: "Invitation", id: `inv_${i}` },
  metadata: { i, role: "agent" },
  context: { requestId: `req-${i}`, ipPrefix: "203.0.113.0/24" },
  ...over,
});

async function appendEvents(tenantId: string, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await withTenant(tenantId, (tx) => recordAudit(tx, event(tenantId, i)));
}

describe("audit chain", () => {
  it("verifies an intact chain of N events, across batch boundaries", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    expect(await verifyAuditChain(t)).toEqual({ ok: true, count: 0, headSeq: null });
    await appendEvents(t, 23);
    expect(await verifyAuditChain(t, { batchSize: 5 })).toEqual({ ok: true, count: 23, headSeq: 23n });
    expect(await verifyAuditChain(t)).toEqual({ ok: true, count: 23, headSeq: 23n });
  });

  it("overwrites seq, hashes and time supplied by the caller", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await withTenant(t, (tx) =>
      tx.$executeRaw`INSERT INTO "AuditEvent" (id, "tenantId", seq, action, "prevHash", hash, "createdAt")
        VALUES ('forged', ${t}, 999, 'tenant.created', 'x', 'y', '2000-01-01')`,
    );
    const { rows } = await ownerQuery(tdb.ownerUrl, `SELECT seq, "prevHash", hash, "createdAt" FROM "AuditEvent" WHERE id = 'forged'`);
    const row = rows[0]!;
    expect(row.seq).toBe("1");
    expect(row.prevHash).toBe("0".repeat(64));
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(row.createdAt).getFullYear()).toBeGreaterThan(2020);
    expect((await verifyAuditChain(t)).ok).toBe(true);
  });

  it("detects an edited metadata field as hash_mismatch at that seq", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 8);
    await ownerQuery(tdb.ownerUrl, `UPDATE "AuditEvent" SET metadata = '{"i": 5, "role": "owner"}' WHERE "tenantId" = $1 AND seq = 5`, [t]);
    const r = await verifyAuditChain(t, { batchSize: 3 });
    expect(r).toMatchObject({ ok: false, count: 4, brokenAt: { seq: 5n, reason: "hash_mismatch" } });
  });

  it("detects an edited action as hash_mismatch at that seq", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 6);
    await ownerQuery(tdb.ownerUrl, `UPDATE "AuditEvent" SET action = 'auth.sign_in' WHERE "tenantId" = $1 AND seq = 3`, [t]);
    expect(await verifyAuditChain(t)).toMatchObject({ ok: false, brokenAt: { seq: 3n, reason: "hash_mismatch" } });
  });

  it("detects a renumbered event id as hash_mismatch", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 4);
    await ownerQuery(tdb.ownerUrl, `UPDATE "AuditEvent" SET id = 'forged-' || id WHERE "tenantId" = $1 AND seq = 2`, [t]);
    expect(await verifyAuditChain(t)).toMatchObject({ ok: false, brokenAt: { seq: 2n, reason: "hash_mismatch" } });
  });

  it("refuses to let the app role delete a tenant (which would cascade through its trail)", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    const app = new pg.Client({ connectionString: tdb.appUrl });
    await app.connect();
    try {
      await app.query("BEGIN");
      await app.query("SELECT set_config('app.tenant_id', $1, true)", [t]);
      await expect(app.query(`DELETE FROM "Tenant" WHERE id = $1`, [t])).rejects.toThrow(/permission denied/);
      await app.query("ROLLBACK");
    } finally {
      await app.end();
    }
  });

  it("detects an edit whose hash was recomputed, at the successor", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 6);
    await ownerQuery(tdb.ownerUrl, `UPDATE "AuditEvent" SET action = 'auth.sign_in' WHERE "tenantId" = $1 AND seq = 3`, [t]);
    await ownerQuery(tdb.ownerUrl, `UPDATE "AuditEvent" e SET hash = sotto_audit_hash(e) WHERE "tenantId" = $1 AND seq = 3`, [t]);
    expect(await verifyAuditChain(t)).toMatchObject({ ok: false, count: 3, brokenAt: { seq: 4n, reason: "prev_hash_mismatch" } });
  });

  it("detects a deleted middle row", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 8);
    await ownerQuery(tdb.ownerUrl, `DELETE FROM "AuditEvent" WHERE "tenantId" = $1 AND seq = 4`, [t]);
    const r = await verifyAuditChain(t);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.count).toBe(3);
    expect(r.brokenAt.seq).toBe(5n);
    expect(["sequence_gap", "prev_hash_mismatch"]).toContain(r.brokenAt.reason);
  });

  it("detects a deleted first row", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 3);
    await ownerQuery(tdb.ownerUrl, `DELETE FROM "AuditEvent" WHERE "tenantId" = $1 AND seq = 1`, [t]);
    expect(await verifyAuditChain(t)).toMatchObject({ ok: false, count: 0, brokenAt: { seq: 2n, reason: "sequence_gap" } });
  });

  it("detects a deleted last row through the head", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 8);
    await ownerQuery(tdb.ownerUrl, `DELETE FROM "AuditEvent" WHERE "tenantId" = $1 AND seq = 8`, [t]);
    expect(await verifyAuditChain(t)).toEqual({ ok: false, count: 7, brokenAt: { seq: 8n, id: null, reason: "head_mismatch" } });
  });

  it("detects a wiped log and a missing head", async () => {
    const wiped = await createTestTenant(tdb.ownerUrl);
    await appendEvents(wiped, 2);
    await ownerQuery(tdb.ownerUrl, `DELETE FROM "AuditEvent" WHERE "tenantId" = $1`, [wiped]);
    expect(await verifyAuditChain(wiped)).toMatchObject({ ok: false, count: 0, brokenAt: { seq: 1n, reason: "head_mismatch" } });

    const headless = await createTestTenant(tdb.ownerUrl);
    await appendEvents(headless, 2);
    await ownerQuery(tdb.ownerUrl, `DELETE FROM "AuditHead" WHERE "tenantId" = $1`, [headless]);
    expect(await verifyAuditChain(headless)).toMatchObject({ ok: false, count: 2, brokenAt: { seq: 2n, reason: "missing_head" } });
  });

  it("keeps a gap-free valid chain under 20 concurrent appends", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await Promise.all(Array.from({ length: 20 }, (_, i) => withTenant(t, (tx) => recordAudit(tx, event(t, i + 1)))));
    expect(await verifyAuditChain(t)).toEqual({ ok: true, count: 20, headSeq: 20n });
    const { rows } = await ownerQuery(tdb.ownerUrl, `SELECT seq FROM "AuditEvent" WHERE "tenantId" = $1 ORDER BY seq`, [t]);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("rolls the event back with the transaction that recorded it", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await expect(
      withTenant(t, async (tx) => {
        await recordAudit(tx, event(t, 1));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await appendEvents(t, 1);
    expect(await verifyAuditChain(t)).toEqual({ ok: true, count: 1, headSeq: 1n });
  });
});

describe("audit permissions and isolation", () => {
  it("refuses UPDATE and DELETE of AuditEvent and any write to AuditHead by sotto_app", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 2);
    const attempts = [
      () => withTenant(t, (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET action = 'auth.sign_in' WHERE "tenantId" = ${t}`),
      () => withTenant(t, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "tenantId" = ${t}`),
      () => withTenant(t, (tx) => tx.$executeRaw`UPDATE "AuditHead" SET seq = 1 WHERE "tenantId" = ${t}`),
      () => withTenant(t, (tx) => tx.$executeRaw`DELETE FROM "AuditHead" WHERE "tenantId" = ${t}`),
      () => withTenant(t, (tx) => tx.$executeRaw`INSERT INTO "AuditHead" ("tenantId", seq, hash) VALUES (${t}, 1, 'x')`),
      () => withTenant(t, (tx) => tx.$executeRaw`TRUNCATE "AuditEvent"`),
    ];
    // One at a time: a rejection nobody awaits yet would surface as an unhandled error.
    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(/permission denied/i);
    expect(await verifyAuditChain(t)).toEqual({ ok: true, count: 2, headSeq: 2n });
  });

  it("hides tenant B's events from tenant A and refuses writing into B from A", async () => {
    const a = await createTestTenant(tdb.ownerUrl);
    const b = await createTestTenant(tdb.ownerUrl);
    await appendEvents(a, 2);
    await appendEvents(b, 3);
    const seenFromA = await withTenant(a, (tx) => tx.auditEvent.findMany({ where: { tenantId: b } }));
    expect(seenFromA).toEqual([]);
    const headsFromA = await withTenant(a, (tx) => tx.auditHead.findMany());
    expect(headsFromA.map((h) => h.tenantId)).toEqual([a]);
    expect((await listAuditEvents(a)).events.every((e) => e.targetId && e.seq <= 2n)).toBe(true);
    await expect(withTenant(a, (tx) => recordAudit(tx, event(b, 9)))).rejects.toThrow();
    expect(await verifyAuditChain(b)).toEqual({ ok: true, count: 3, headSeq: 3n });
    // Without a tenant context nothing is visible at all.
    expect(await db().auditEvent.count()).toBe(0);
  });
});

describe("recordAudit and recordSecurityEvent", () => {
  it("strips secret-looking metadata keys at any depth", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await withTenant(t, (tx) =>
      recordAudit(tx, {
        tenantId: t,
        action: "secret.created",
        target: { type: "TenantSecret", id: "s1" },
        metadata: {
          name: "stripe",
          apiKey: "sk_live_1",
          nested: { Password: "hunter2", accessToken: "t", keep: 1, deeper: { client_secret: "c", ok: true } },
          list: [{ refresh_token: "r", label: "x" }],
        },
      }),
    );
    const { rows } = await ownerQuery(tdb.ownerUrl, `SELECT metadata FROM "AuditEvent" WHERE "tenantId" = $1`, [t]);
    expect(rows[0]?.metadata).toEqual({ name: "stripe", nested: { keep: 1, deeper: { ok: true } }, list: [{ label: "x" }] });
    expect(JSON.stringify(rows[0]?.metadata)).not.toMatch(/sk_live|hunter2|"r"|"c"/);
  });

  it("refuses an unknown action", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    // @ts-expect-error the type already refuses it; the run-time check is what is tested
    await expect(withTenant(t, (tx) => recordAudit(tx, { tenantId: t, action: "tenant.deleted_everything" }))).rejects.toThrow();
  });

  it("writes tenantless security events without being able to read them back", async () => {
    const requestId = `req-${Date.now()}`;
    await recordSecurityEvent({ action: "auth.sign_in_failed", email: "Nobody@Example.com", metadata: { reason: "unknown", otpToken: "x" }, context: { requestId, ipPrefix: "198.51.100.0/24" } });
    const { rows } = await ownerQuery(tdb.ownerUrl, `SELECT email, metadata FROM "SecurityEvent" WHERE "requestId" = $1`, [requestId]);
    expect(rows).toEqual([{ email: "nobody@example.com", metadata: { reason: "unknown" } }]);
    await expect(db().$queryRaw`SELECT * FROM "SecurityEvent"`).rejects.toThrow(/permission denied/i);
  });
});

describe("listAuditEvents", () => {
  it("filters and pages newest first", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 7);
    await withTenant(t, (tx) => recordAudit(tx, { tenantId: t, action: "member.removed", actor: { email: "owner_1%@example.com" }, target: { type: "Membership", id: "m1" } }));

    const p1 = await listAuditEvents(t, { pageSize: 3 });
    expect(p1.events.map((e) => e.seq)).toEqual([8n, 7n, 6n]);
    expect(p1.nextCursor).toBe("6");
    const p3 = await listAuditEvents(t, { pageSize: 3, cursor: "3" });
    expect(p3.events.map((e) => e.seq)).toEqual([2n, 1n]);
    expect(p3.nextCursor).toBeNull();

    expect((await listAuditEvents(t, { action: "member.removed" })).events.map((e) => e.seq)).toEqual([8n]);
    expect((await listAuditEvents(t, { targetType: "Membership" })).events).toHaveLength(1);
    expect((await listAuditEvents(t, { actor: "ADMIN1@" })).events.map((e) => e.seq)).toEqual([7n, 4n, 1n]);
    // LIKE wildcards in the search are literal.
    expect((await listAuditEvents(t, { actor: "_1%" })).events.map((e) => e.seq)).toEqual([8n]);
    expect((await listAuditEvents(t, { actor: "%" })).events.map((e) => e.seq)).toEqual([8n]);

    const today = new Date().toISOString().slice(0, 10);
    expect((await listAuditEvents(t, { from: today, to: today })).events).toHaveLength(8);
    expect((await listAuditEvents(t, { to: "2000-01-01" })).events).toHaveLength(0);
    await expect(listAuditEvents(t, { pageSize: 101 })).rejects.toThrow();
    await expect(listAuditEvents(t, { from: "2024-02-02", to: "2024-02-01" })).rejects.toThrow();
  });
});

// Response#text() would drop the BOM, which is part of what is tested.
const readAll = async (stream: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());

describe("auditCsvStream", () => {
  it("streams every filtered event in batches, escaped and formula-safe", async () => {
    const t = await createTestTenant(tdb.ownerUrl);
    await appendEvents(t, 4);
    await withTenant(t, (tx) =>
      recordAudit(tx, { tenantId: t, action: "member.removed", target: { type: "Membership", id: '=HYPERLINK("http://evil")' }, metadata: { note: "a,b\nc" } }),
    );
    const text = await readAll(auditCsvStream(t, {}, 2));
    expect(text.startsWith("\uFEFFseq,time_utc,action")).toBe(true);
    expect(text).toContain(`,Membership,"'=HYPERLINK(""http://evil"")",`);
    expect(text).toContain('"{""note"":""a,b\\nc""}"');
    const seqs = text.split("\r\n").slice(1, -1).map((l) => l.split(",")[0]);
    expect(seqs).toEqual(["5", "4", "3", "2", "1"]);

    const only = await readAll(auditCsvStream(t, { action: "member.removed" }));
    expect(only.split("\r\n").filter(Boolean)).toHaveLength(2);
  });
});
