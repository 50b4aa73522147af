import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestTenant, ensureTestDatabase, ownerQuery, type TTestDatabase } from "@/lib/testing/test-db";
import { generateKeySpec } from "./key-ring";

const k1 = generateKeySpec("k1");
const k2 = generateKeySpec("k2");

let tdb: TTestDatabase;

/**
 * Fresh copies of the modules with SOTTO_ENCRYPTION_KEYS set to `keys`: lib/env.ts
 * parses the environment once per module instance, as a restarted server would.
 * The database client lives on globalThis and is shared across copies.
 */
async function withKeys(keys: string) {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
  vi.resetModules();
  const [client, secrets, rotate, ring, verify] = await Promise.all([
    import("@/lib/db/client"),
    import("./tenant-secrets"),
    import("./rotate"),
    import("./key-ring"),
    import("@/lib/audit/verify"),
  ]);
  return { ...client, ...secrets, ...rotate, ...ring, ...verify };
}

const ciphertexts = async (tenantIds: string[]) =>
  (await ownerQuery<{ tenantId: string; name: string; ciphertext: string }>(tdb.ownerUrl, `SELECT "tenantId", name, ciphertext FROM "TenantSecret" WHERE "tenantId" = ANY($1) ORDER BY "tenantId", name`, [tenantIds])).rows;

beforeAll(async () => {
  tdb = await ensureTestDatabase();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  const { db, pool } = await import("@/lib/db/client");
  await db().$disconnect();
  await pool().end();
  await tdb?.drop();
});

describe("key rotation", () => {
  it("moves every secret to the new key, keeps them readable, and a second run changes nothing", async () => {
    const a = await createTestTenant(tdb.ownerUrl, "ra");
    const b = await createTestTenant(tdb.ownerUrl, "rb");
    const values: Record<string, Record<string, string>> = {
      [a]: { stripe: "sk_live_A", twilio: "tw_A", "smtp.pass": "p@ss, \"quoted\"\nline" },
      [b]: { stripe: "sk_live_B", whatsapp: "wa_B" },
    };

    const v1 = await withKeys(k1);
    for (const [t, secrets] of Object.entries(values)) {
      await v1.withTenant(t, async (tx) => {
        for (const [name, value] of Object.entries(secrets)) await v1.setTenantSecret(tx, t, name, value);
      });
    }
    expect((await ciphertexts([a, b])).every((r) => r.ciphertext.startsWith("v1.k1."))).toBe(true);

    const v2 = await withKeys(`${k1},${k2}`);
    const batches: number[] = [];
    const first = await v2.reencryptAll({ tenantIds: [a, b], batchSize: 2, onBatch: (i) => batches.push(i.rotated) });
    expect(first).toEqual({ currentKeyId: "k2", tenants: 2, fields: { "TenantSecret.ciphertext": { scanned: 5, rotated: 5, failed: 0 }, "Channel.credentials": { scanned: 0, rotated: 0, failed: 0 }, "Channel.webhookSecret": { scanned: 0, rotated: 0, failed: 0 }, "ConsentVendorWebhook.secret": { scanned: 0, rotated: 0, failed: 0 } }, failures: [] });
    expect(batches).toEqual([2, 1, 2]);
    const rows = await ciphertexts([a, b]);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.ciphertext.startsWith("v1.k2."))).toBe(true);

    for (const [t, secrets] of Object.entries(values)) {
      for (const [name, value] of Object.entries(secrets)) {
        expect(await v2.withTenant(t, (tx) => v2.getTenantSecret(tx, t, name))).toBe(value);
      }
    }

    // Audit: one event per batch, counts only, chain intact.
    const events = await ownerQuery(tdb.ownerUrl, `SELECT "tenantId", metadata FROM "AuditEvent" WHERE action = 'secret.rotated' AND "tenantId" = ANY($1) ORDER BY "tenantId", seq`, [[a, b]]);
    expect(events.rows.map((e) => [e.tenantId, e.metadata.rotated])).toEqual([[a, 2], [a, 1], [b, 2]]);
    expect(events.rows[0]!.metadata).toMatchObject({ table: "TenantSecret", column: "ciphertext", encryptedUnder: "k2", previously: ["k1"] });
    expect(JSON.stringify(events.rows)).not.toMatch(/sk_live|tw_A|wa_B|p@ss/);
    expect(await v2.verifyAuditChain(a)).toMatchObject({ ok: true, count: 2 });

    const second = await v2.reencryptAll({ tenantIds: [a, b] });
    expect(second.fields["TenantSecret.ciphertext"]).toEqual({ scanned: 0, rotated: 0, failed: 0 });
    expect(await ciphertexts([a, b])).toEqual(rows);
    const after = await ownerQuery(tdb.ownerUrl, `SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'secret.rotated' AND "tenantId" = ANY($1)`, [[a, b]]);
    expect(after.rows[0]!.n).toBe(3);

    // Once everything is rotated the old key can be retired.
    const v3 = await withKeys(k2);
    expect(await v3.withTenant(b, (tx) => v3.getTenantSecret(tx, b, "whatsapp"))).toBe("wa_B");
  });

  it("refuses a tampered or moved ciphertext, and rotation leaves such rows alone", async () => {
    const a = await createTestTenant(tdb.ownerUrl, "ta");
    const b = await createTestTenant(tdb.ownerUrl, "tb");
    const v1 = await withKeys(k1);
    await v1.withTenant(a, async (tx) => {
      await v1.setTenantSecret(tx, a, "stripe", "sk_live_A");
      await v1.setTenantSecret(tx, a, "twilio", "tw_A");
    });
    await v1.withTenant(b, (tx) => v1.setTenantSecret(tx, b, "stripe", "sk_live_B"));

    // Flip one character in the middle of the ciphertext body.
    await ownerQuery(
      tdb.ownerUrl,
      `UPDATE "TenantSecret" SET ciphertext = overlay(ciphertext placing (CASE WHEN substr(ciphertext, length(ciphertext) - 3, 1) = 'A' THEN 'B' ELSE 'A' END) from length(ciphertext) - 3 for 1) WHERE "tenantId" = $1 AND name = 'stripe'`,
      [a],
    );
    await expect(v1.withTenant(a, (tx) => v1.getTenantSecret(tx, a, "stripe"))).rejects.toMatchObject({ name: "DecryptionError", reason: "auth" });

    // B's valid ciphertext copied into A's row: bound to B, so refused.
    await ownerQuery(tdb.ownerUrl, `UPDATE "TenantSecret" SET ciphertext = (SELECT ciphertext FROM "TenantSecret" WHERE "tenantId" = $2 AND name = 'stripe') WHERE "tenantId" = $1 AND name = 'twilio'`, [a, b]);
    await expect(v1.withTenant(a, (tx) => v1.getTenantSecret(tx, a, "twilio"))).rejects.toMatchObject({ name: "DecryptionError", reason: "auth" });

    const before = await ciphertexts([a]);
    const v2 = await withKeys(`${k1},${k2}`);
    const result = await v2.reencryptAll({ tenantIds: [a, b] });
    expect(result.fields["TenantSecret.ciphertext"]).toEqual({ scanned: 3, rotated: 1, failed: 2 });
    expect(result.failures.map((f) => [f.tenantId, f.reason])).toEqual([[a, "auth"], [a, "auth"]]);
    expect(await ciphertexts([a])).toEqual(before);
    expect(await v2.withTenant(b, (tx) => v2.getTenantSecret(tx, b, "stripe"))).toBe("sk_live_B");
    expect(await v2.withTenant(a, (tx) => v2.getTenantSecret(tx, a, "missing"))).toBeNull();
  });

  it("resumes after an interrupted run", async () => {
    const t = await createTestTenant(tdb.ownerUrl, "rr");
    const v1 = await withKeys(k1);
    await v1.withTenant(t, async (tx) => {
      for (const n of ["a", "b", "c"]) await v1.setTenantSecret(tx, t, n, `value-${n}`);
    });
    const v2 = await withKeys(`${k1},${k2}`);
    await expect(
      v2.reencryptAll({
        tenantIds: [t],
        batchSize: 1,
        onBatch: () => {
          throw new Error("interrupted");
        },
      }),
    ).rejects.toThrow("interrupted");
    expect((await ciphertexts([t])).map((r) => r.ciphertext.slice(0, 6))).toEqual(["v1.k2.", "v1.k1.", "v1.k1."]);
    const resumed = await v2.reencryptAll({ tenantIds: [t] });
    expect(resumed.fields["TenantSecret.ciphertext"]).toEqual({ scanned: 2, rotated: 2, failed: 0 });
    expect((await ciphertexts([t])).every((r) => r.ciphertext.startsWith("v1.k2."))).toBe(true);
  });

  it("covers every tenant when none is named, touching only what this ring can decrypt", async () => {
    const t = await createTestTenant(tdb.ownerUrl, "ra");
    const v1 = await withKeys(k1);
    await v1.withTenant(t, (tx) => v1.setTenantSecret(tx, t, "stripe", "sk_live_all"));
    const v2 = await withKeys(`${k1},${k2}`);
    // Other test files may share this database; their secrets (other keys) show up as failures and stay untouched.
    const result = await v2.reencryptAll();
    expect(result.tenants).toBeGreaterThanOrEqual(1);
    expect(result.failures.filter((f) => f.tenantId === t)).toEqual([]);
    expect((await ciphertexts([t]))[0]!.ciphertext.startsWith("v1.k2.")).toBe(true);
    expect(await v2.withTenant(t, (tx) => v2.getTenantSecret(tx, t, "stripe"))).toBe("sk_live_all");
  });
});
