import "server-only";
import pg, { type PoolClient } from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "./generated/client";
import { appDatabaseUrl, env } from "../env";

export type TDb = PrismaClient;
export type TTx = Prisma.TransactionClient;

const globalForDb = globalThis as unknown as { sottoDb?: PrismaClient; sottoPool?: pg.Pool };

function createPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: appDatabaseUrl(), max: env.APP_DB_POOL_MAX });
  // Embedded PostgreSQL (PGlite) accepts every connection as its one superuser,
  // so the app steps down to sotto_app itself. See README "Embedded mode".
  if (env.DB_EMBEDDED) pool.on("connect", (c) => void c.query("SET ROLE sotto_app"));
  return pool;
}

/**
 * The application's client, connected as `sotto_app`. Used bare it sees only
 * tables that are not tenant-owned (and under RLS nothing tenant-owned): use
 * `withTenant` for tenant data.
 */
export function db(): PrismaClient {
  if (!globalForDb.sottoDb) {
    globalForDb.sottoPool = createPool();
    globalForDb.sottoDb = new PrismaClient({ adapter: new PrismaPg(globalForDb.sottoPool) });
  }
  return globalForDb.sottoDb;
}

/** The raw pool, for the few hot paths that are one SQL statement (webhook accept). */
export function pool(): pg.Pool {
  db();
  return globalForDb.sottoPool!;
}

type TxOptions = { timeout?: number; isolationLevel?: Prisma.TransactionIsolationLevel };

/**
 * One unit of work inside one transaction with the tenant context set once.
 * A query that forgets its tenant filter still only sees this tenant's rows.
 */
export async function withTenant<T>(tenantId: string, work: (tx: TTx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    return work(tx);
  }, { timeout: opts.timeout ?? 15_000, isolationLevel: opts.isolationLevel });
}

/** A unit of work as a signed-in user with no tenant selected (their own User row only). */
export async function withUser<T>(userId: string, work: (tx: TTx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
    return work(tx);
  });
}

/** Tenant and user context together: dashboard actions that touch both. */
export async function withTenantUser<T>(tenantId: string, userId: string, work: (tx: TTx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId}, true)`;
    return work(tx);
  });
}

/**
 * `withTenant` on a raw `pg` client from the app's pool, for the few units
 * whose statements Prisma made slow (the retention purge, privacy exports,
 * the ingest of a message with files): BEGIN, the tenant context plus any
 * transaction-local `settings` (name → value), the work, COMMIT. A client
 * whose ROLLBACK fails is not handed to the next caller.
 */
export async function withRawTenant<T>(tenantId: string, work: (c: PoolClient) => Promise<T>, settings: Record<string, string> = {}): Promise<T> {
  const c = await pool().connect();
  let broken: Error | undefined;
  try {
    await c.query("BEGIN");
    const names = Object.keys(settings);
    await c.query(
      `SELECT set_config('app.tenant_id', $1, true)${names.map((_, i) => `, set_config($${2 * i + 2}, $${2 * i + 3}, true)`).join("")}`,
      [tenantId, ...names.flatMap((n) => [n, settings[n]])],
    );
    const out = await work(c);
    await c.query("COMMIT");
    return out;
  } catch (error) {
    await c.query("ROLLBACK").catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw error;
  } finally {
    c.release(broken);
  }
}
