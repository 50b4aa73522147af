import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type pg from "pg";
import { appPool, asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";

/**
 * Tenant isolation, generic over the schema: every table in `public` with a
 * "tenantId" column (plus "Tenant", keyed by "id") is discovered from the catalog,
 * so a table added later is covered without touching this file. For each one, as the
 * application role `sotto_app` on a real connection:
 *
 *   under tenant A's context   B's row is invisible, UPDATE/DELETE of it touch 0 rows
 *                              (or are denied), inserting a row for B is refused,
 *                              A's row cannot be moved to B
 *   without any context        nothing is visible and inserting is refused
 *   catalog                    RLS enabled and forced, at least one policy
 *
 * Rows are built from the catalog: NOT NULL columns without defaults get a value by
 * type, foreign keys get a parent row created first (recursively). OVERRIDES is for
 * tables whose constraints the generic builder cannot satisfy (CHECKs, formats).
 */

type TCol = { name: string; dataType: string; udt: string; nullable: boolean; hasDefault: boolean; generated: boolean };
type TFk = { cols: string[]; refTable: string; refCols: string[] };
type TTable = { name: string; tenantCol: string; cols: TCol[]; fks: TFk[] };
type TRow = Record<string, unknown>;

/** Per-table adjustments applied after the generic builder: return the values to override. */
const OVERRIDES: Record<string, (row: TRow, tenantId: string) => TRow> = {
  // AuditEvent: seq, prevHash, hash and createdAt are replaced by the chain trigger.
  AuditEvent: () => ({ seq: 0, prevHash: "", hash: "", action: "test.isolation" }),
};

const INSUFFICIENT_PRIVILEGE = "42501"; // permission denied, and "new row violates row-level security policy"

const q = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

async function discoverTables(): Promise<string[]> {
  const { rows } = await ownerPool().query<{ table_name: string }>(
    `SELECT c.table_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'tenantId' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  return ["Tenant", ...rows.map((r) => r.table_name).filter((n) => n !== "Tenant")];
}

type TQueryable = Pick<pg.Pool, "query">;

// Catalog lookups take the connection of the caller: inside an owner transaction they must
// not wait for a second connection (the embedded database runs one transaction at a time).
const tableCache = new Map<string, Promise<TTable>>();
function tableInfo(name: string, owner: TQueryable = ownerPool()): Promise<TTable> {
  let p = tableCache.get(name);
  if (!p) {
    p = (async () => {
      const cols = await owner.query<{ column_name: string; data_type: string; udt_name: string; is_nullable: string; column_default: string | null; is_generated: string; is_identity: string }>(
        `SELECT column_name, data_type, udt_name, is_nullable, column_default, is_generated, is_identity
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [name],
      );
      const fks = await owner.query<{ cols: string[]; ref_table: string; ref_cols: string[] }>(
        `SELECT array_agg(a.attname::text ORDER BY k.i) AS cols, rt.relname::text AS ref_table, array_agg(ra.attname::text ORDER BY k.i) AS ref_cols
           FROM pg_constraint con
           JOIN pg_class t ON t.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = t.relnamespace
           JOIN pg_class rt ON rt.oid = con.confrelid
           CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, i)
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
           JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
          WHERE con.contype = 'f' AND n.nspname = 'public' AND t.relname = $1
          GROUP BY con.oid, rt.relname`,
        [name],
      );
      return {
        name,
        tenantCol: name === "Tenant" ? "id" : "tenantId",
        cols: cols.rows.map((c) => ({
          name: c.column_name,
          dataType: c.data_type,
          udt: c.udt_name,
          nullable: c.is_nullable === "YES",
          hasDefault: c.column_default !== null || c.is_identity === "YES",
          generated: c.is_generated === "ALWAYS",
        })),
        fks: fks.rows.map((f) => ({ cols: f.cols, refTable: f.ref_table, refCols: f.ref_cols })),
      };
    })();
    tableCache.set(name, p);
  }
  return p;
}

const enumCache = new Map<string, string>();
async function firstEnumLabel(udt: string, owner: TQueryable): Promise<string> {
  if (!enumCache.has(udt)) {
    const { rows } = await owner.query<{ enumlabel: string }>(
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder LIMIT 1`,
      [udt],
    );
    if (!rows[0]) throw new Error(`type ${udt}: no enum labels; add an OVERRIDES entry`);
    enumCache.set(udt, rows[0].enumlabel);
  }
  return enumCache.get(udt)!;
}

async function valueFor(col: TCol, owner: TQueryable): Promise<unknown> {
  const t = col.dataType;
  if (t === "USER-DEFINED") return firstEnumLabel(col.udt, owner);
  if (t === "text" || t === "character varying" || t === "character" || t === "citext") return randomId(`${col.name.slice(0, 6)}_`);
  if (t === "json" || t === "jsonb") return "{}";
  if (t.startsWith("timestamp") || t === "date") return new Date();
  if (t === "boolean") return false;
  if (["smallint", "integer", "bigint", "numeric", "real", "double precision"].includes(t)) return 0;
  if (t === "uuid") return crypto.randomUUID();
  if (t === "bytea") return Buffer.from([0]);
  if (t === "ARRAY") return [];
  if (t === "inet" || t === "cidr") return "192.0.2.1";
  throw new Error(`column ${col.name}: no generic value for type ${t}; add an OVERRIDES entry`);
}

/**
 * Builds a minimal valid row of `table` for `tenantId`. Parents that foreign keys need are
 * inserted first through `owner` (an owner transaction with the tenant context set).
 */
async function buildRow(table: string, tenantId: string, owner: pg.PoolClient, depth = 0): Promise<TRow> {
  if (depth > 5) throw new Error(`foreign keys nest too deep at ${table}; add an OVERRIDES entry`);
  const info = await tableInfo(table, owner);
  const row: TRow = {};
  for (const fk of info.fks) {
    const required = fk.cols.some((c) => !info.cols.find((x) => x.name === c)?.nullable);
    if (!required || fk.cols.every((c) => c === info.tenantCol)) continue;
    if (fk.refTable === "Tenant" && fk.cols.length === 1) {
      row[fk.cols[0]!] = tenantId;
      continue;
    }
    const parent = await insertRow(fk.refTable, tenantId, owner, depth + 1);
    fk.cols.forEach((c, i) => (row[c] = parent[fk.refCols[i]!]));
  }
  for (const col of info.cols) {
    if (col.name in row || col.generated) continue;
    if (col.name === info.tenantCol) row[col.name] = tenantId;
    else if (!col.nullable && !col.hasDefault) row[col.name] = await valueFor(col, owner);
  }
  Object.assign(row, OVERRIDES[table]?.(row, tenantId) ?? {});
  return row;
}

function insertSql(table: string, row: TRow): { text: string; values: unknown[] } {
  const keys = Object.keys(row);
  return {
    text: `INSERT INTO ${q(table)} (${keys.map(q).join(", ")}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING *`,
    values: keys.map((k) => row[k]),
  };
}

/** Inserts a row through the owner transaction. User rows need app.user_id for their WITH CHECK. */
async function insertRow(table: string, tenantId: string, owner: pg.PoolClient, depth = 0): Promise<TRow> {
  const row = await buildRow(table, tenantId, owner, depth);
  if (typeof row.id === "string") await owner.query("SELECT set_config('app.user_id', $1, true)", [row.id]);
  const { rows } = await owner.query(insertSql(table, row));
  return rows[0] as TRow;
}

/** Runs `work` as sotto_app in a transaction that is always rolled back. tenantId null = no context. */
async function asApp<T>(tenantId: string | null, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await appPool().connect();
  try {
    await c.query("BEGIN");
    if (tenantId !== null) await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    return await work(c);
  } finally {
    await c.query("ROLLBACK").catch(() => {});
    c.release();
  }
}

/** The statement either affects no row or is refused for lack of privilege / by policy. */
async function affectsNothing(run: () => Promise<pg.QueryResult>): Promise<void> {
  try {
    const res = await run();
    expect(res.rowCount).toBe(0);
  } catch (error) {
    expect((error as { code?: string }).code, String(error)).toBe(INSUFFICIENT_PRIVILEGE);
  }
}

async function refused(run: () => Promise<unknown>): Promise<void> {
  const error = await run().then(
    () => null,
    (e: unknown) => e as { code?: string; message?: string },
  );
  expect(error, "the statement was accepted").not.toBeNull();
  expect(error?.code, error?.message).toBe(INSUFFICIENT_PRIVILEGE);
}

const tables = await discoverTables();

afterAll(async () => {
  await closeTestConnections();
});

describe("tenant-owned tables are discovered from the catalog", () => {
  it("finds Tenant and the tenant-owned tables", () => {
    expect(tables).toContain("Tenant");
    expect(tables).toEqual(expect.arrayContaining(["Membership", "Invitation", "AuditEvent", "TenantSecret"]));
  });
});

describe.each(tables)("isolation of %s", (table) => {
  let a: TTenantFixture;
  let b: TTenantFixture;
  let info: TTable;
  let col: string;

  beforeAll(async () => {
    info = await tableInfo(table);
    col = q(info.tenantCol);
    // Fresh tenants per table: rows keyed by tenant (AuditHead) cannot collide.
    [a, b] = await Promise.all([createTenantFixture(`Iso A ${table}`), createTenantFixture(`Iso B ${table}`)]);
    if (table !== "Tenant") {
      for (const t of [a, b]) await asOwner({ tenantId: t.tenantId }, (c) => insertRow(table, t.tenantId, c));
    }
  });

  it("has a row for each tenant (seen by the owner)", async () => {
    for (const t of [a, b]) {
      const n = await asOwner({ tenantId: t.tenantId }, (c) => c.query(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${col} = $1`, [t.tenantId]));
      expect(n.rows[0].n).toBeGreaterThanOrEqual(1);
    }
  });

  it("has row-level security enabled and forced, with a policy", async () => {
    const { rows } = await ownerPool().query(
      `SELECT c.relrowsecurity, c.relforcerowsecurity, (SELECT count(*)::int FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1`,
      [table],
    );
    expect(rows[0]).toEqual({ relrowsecurity: true, relforcerowsecurity: true, policies: expect.any(Number) });
    expect(rows[0].policies).toBeGreaterThan(0);
  });

  it("under A's context: B's row is invisible, A's row is visible", async () => {
    await asApp(a.tenantId, async (c) => {
      try {
        const other = await c.query(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${col} = $1`, [b.tenantId]);
        expect(other.rows[0].n).toBe(0);
        const all = await c.query(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${col} <> $1`, [a.tenantId]);
        expect(all.rows[0].n).toBe(0);
        const own = await c.query(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${col} = $1`, [a.tenantId]);
        expect(own.rows[0].n).toBeGreaterThanOrEqual(1);
      } catch (error) {
        // No SELECT privilege at all is isolation too.
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
      }
    });
  });

  it("under A's context: UPDATE and DELETE of B's row touch nothing", async () => {
    await asApp(a.tenantId, (c) => affectsNothing(() => c.query(`UPDATE ${q(table)} SET ${col} = ${col} WHERE ${col} = $1`, [b.tenantId])));
    await asApp(a.tenantId, (c) => affectsNothing(() => c.query(`DELETE FROM ${q(table)} WHERE ${col} = $1`, [b.tenantId])));
    const left = await asOwner({ tenantId: b.tenantId }, (c) => c.query(`SELECT count(*)::int AS n FROM ${q(table)} WHERE ${col} = $1`, [b.tenantId]));
    expect(left.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(table === "Tenant")("under A's context: A's row cannot be moved to B", async () => {
    await asApp(a.tenantId, async (c) => {
      try {
        const res = await c.query(`UPDATE ${q(table)} SET ${col} = $2 WHERE ${col} = $1`, [a.tenantId, b.tenantId]);
        expect(res.rowCount).toBe(0);
      } catch (error) {
        expect((error as { code?: string }).code, String(error)).toBe(INSUFFICIENT_PRIVILEGE);
      }
    });
  });

  it("under A's context: inserting a row for B is refused", async () => {
    // Parents for B's row are created by the owner; only the row itself goes through sotto_app.
    const row = await asOwner({ tenantId: b.tenantId }, (c) => buildRow(table, b.tenantId, c));
    if (table === "Tenant") row.slug = randomId("slug-");
    await asApp(a.tenantId, (c) => refused(() => c.query(insertSql(table, row))));
  });

  it("without context: nothing is visible and inserting is refused", async () => {
    await asApp(null, async (c) => {
      try {
        const all = await c.query(`SELECT count(*)::int AS n FROM ${q(table)}`);
        expect(all.rows[0].n).toBe(0);
      } catch (error) {
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
      }
    });
    const row = await asOwner({ tenantId: a.tenantId }, (c) => buildRow(table, a.tenantId, c));
    if (table === "Tenant") {
      row.id = randomId("t");
      row.slug = randomId("slug-");
    }
    await asApp(null, (c) => refused(() => c.query(insertSql(table, row))));
  });
});

describe("User rows", () => {
  let a: TTenantFixture;
  let b: TTenantFixture;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTenantFixture("Users A"), createTenantFixture("Users B")]);
  });

  it("a user who is not a member of A is invisible under A's context", async () => {
    await asApp(a.tenantId, async (c) => {
      const other = await c.query(`SELECT count(*)::int AS n FROM "User" WHERE id = $1 OR email = $2`, [b.userId, b.email]);
      expect(other.rows[0].n).toBe(0);
      const own = await c.query(`SELECT count(*)::int AS n FROM "User" WHERE id = $1`, [a.userId]);
      expect(own.rows[0].n).toBe(1);
    });
  });

  it("under A's context, B's user cannot be updated", async () => {
    await asApp(a.tenantId, (c) => affectsNothing(() => c.query(`UPDATE "User" SET name = 'x' WHERE id = $1`, [b.userId])));
  });

  it("without context no user is visible", async () => {
    await asApp(null, async (c) => {
      const all = await c.query(`SELECT count(*)::int AS n FROM "User"`);
      expect(all.rows[0].n).toBe(0);
    });
  });

  it("a user sees only their own row with app.user_id and no tenant", async () => {
    const c = await appPool().connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.user_id', $1, true)", [a.userId]);
      const { rows } = await c.query<{ id: string }>(`SELECT id FROM "User"`);
      expect(rows.map((r) => r.id)).toEqual([a.userId]);
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
  });
});

describe("the sotto_app role", () => {
  it("is not a superuser, cannot bypass RLS, create roles or databases", async () => {
    const { rows } = await ownerPool().query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'sotto_app'`);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false }]);
  });

  it("owns no table, sequence, view, function, type or schema", async () => {
    const { rows } = await ownerPool().query(
      `SELECT 'relation' AS kind, c.relname::text AS name FROM pg_class c WHERE c.relowner = 'sotto_app'::regrole
       UNION ALL SELECT 'function', p.proname::text FROM pg_proc p WHERE p.proowner = 'sotto_app'::regrole
       UNION ALL SELECT 'type', t.typname::text FROM pg_type t WHERE t.typowner = 'sotto_app'::regrole
       UNION ALL SELECT 'schema', n.nspname::text FROM pg_namespace n WHERE n.nspowner = 'sotto_app'::regrole
       UNION ALL SELECT 'database', d.datname::text FROM pg_database d WHERE d.datdba = 'sotto_app'::regrole`,
    );
    expect(rows).toEqual([]);
  });

  it("may not UPDATE, DELETE or TRUNCATE the audit trail", async () => {
    const { rows } = await ownerPool().query(
      `SELECT has_table_privilege('sotto_app', '"AuditEvent"', 'UPDATE') AS upd,
              has_table_privilege('sotto_app', '"AuditEvent"', 'DELETE') AS del,
              has_table_privilege('sotto_app', '"AuditEvent"', 'TRUNCATE') AS trunc,
              has_table_privilege('sotto_app', '"AuditEvent"', 'INSERT') AS ins`,
    );
    expect(rows[0]).toEqual({ upd: false, del: false, trunc: false, ins: true });
  });

  it("connects as sotto_app", async () => {
    const { rows } = await appPool().query(`SELECT current_user AS u`);
    expect(rows[0].u).toBe("sotto_app");
  });
});
