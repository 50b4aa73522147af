import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type TTestDatabase = { ownerUrl: string; appUrl: string; drop(): Promise<void> };

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The owner URL with the user swapped for the RLS-bound role, as lib/env.ts derives it. */
export function appUrlFor(ownerUrl: string): string {
  const u = new URL(ownerUrl);
  u.username = "sotto_app";
  u.password = "";
  return u.toString();
}

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * Creates `sotto_t_<random>` and applies the real migrations to it with the
 * project's own `db:migrate` script, so tests run against exactly what deploys.
 * `adminUrl` is any owner connection on the cluster (its database is ignored).
 */
export async function createTestDatabase(adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? DEFAULT_ADMIN_URL): Promise<TTestDatabase> {
  const name = `sotto_t_${randomBytes(6).toString("hex")}`;
  const ownerUrl = withDatabase(adminUrl, name);
  await admin(withDatabase(adminUrl, "postgres"), (c) => c.query(`CREATE DATABASE "${name}"`));
  const drop = () => admin(withDatabase(adminUrl, "postgres"), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  try {
    await run("npm", ["run", "--silent", "db:migrate"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: ownerUrl },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    await drop();
    throw error;
  }
  return { ownerUrl, appUrl: appUrlFor(ownerUrl), drop };
}

/**
 * The database for an integration test file: the migrated one the global setup
 * exported in DATABASE_URL, or a fresh one made here (and exported, so modules
 * that read lib/env.ts see it). Call in `beforeAll`, before anything calls `db()`.
 */
export async function ensureTestDatabase(): Promise<TTestDatabase> {
  const existing = process.env.DATABASE_URL;
  if (existing) {
    return { ownerUrl: existing, appUrl: process.env.APP_DATABASE_URL ?? appUrlFor(existing), drop: async () => {} };
  }
  const created = await createTestDatabase();
  process.env.DATABASE_URL = created.ownerUrl;
  return {
    ...created,
    async drop() {
      await created.drop();
      if (process.env.DATABASE_URL === created.ownerUrl) delete process.env.DATABASE_URL;
    },
  };
}

/** A short-lived owner connection, for what the app role may not do (tampering with the audit log in tests). */
export function ownerQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(ownerUrl: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
  return admin(ownerUrl, (c) => c.query<R>(sql, params));
}

/** Inserts a tenant as the owner and returns its id; each test file makes its own tenants. */
export async function createTestTenant(ownerUrl: string, label = "t"): Promise<string> {
  const id = `${label}_${randomBytes(8).toString("hex")}`;
  await ownerQuery(ownerUrl, `INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES ($1, $2, $3, now())`, [id, `Tenant ${id}`, id.toLowerCase().replace(/_/g, "-")]);
  return id;
}
