import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { appUrlFor } from "./test-db";

/**
 * Connections for integration tests (the database comes from lib/testing/global-setup.ts).
 *
 * - ownerPool(): the owner (migrations) role. It may be a superuser, which bypasses RLS:
 *   filter by tenant explicitly, or set app.tenant_id inside a transaction.
 * - appPool() / appPrisma(): the application's `sotto_app` role, bound by RLS.
 *
 * Pools are cached per test file; call closeTestConnections() in afterAll.
 */

export function ownerDatabaseUrl(): string {
  const url = safeInject("databaseUrl") ?? process.env.DATABASE_URL;
  if (!url) throw new Error("No test database: run integration tests through vitest's integration project (globalSetup) or npm test");
  return url;
}

export function appDatabaseUrl(): string {
  return safeInject("appDatabaseUrl") ?? process.env.APP_DATABASE_URL ?? appUrlFor(ownerDatabaseUrl());
}

function safeInject(key: "databaseUrl" | "appDatabaseUrl"): string | undefined {
  try {
    return inject(key) || undefined;
  } catch {
    return undefined;
  }
}

let owner: pg.Pool | undefined;
let app: pg.Pool | undefined;
const clients: PrismaClient[] = [];

export function ownerPool(): pg.Pool {
  owner ??= new pg.Pool({ connectionString: ownerDatabaseUrl(), max: 3 });
  return owner;
}

/**
 * Raw pg pool as `sotto_app`. On the embedded database every login is the superuser,
 * so each connection steps down with SET ROLE (as lib/db/client.ts does).
 */
export function appPool(): pg.Pool {
  if (!app) {
    app = new pg.Pool({ connectionString: appDatabaseUrl(), max: 3 });
    if (process.env.DB_EMBEDDED === "1") app.on("connect", (c) => void c.query("SET ROLE sotto_app"));
  }
  return app;
}

/** A Prisma client connected as `sotto_app` (RLS applies). Disconnected by closeTestConnections(). */
export function appPrisma(): PrismaClient {
  const pool = new pg.Pool({ connectionString: appDatabaseUrl(), max: 3 });
  if (process.env.DB_EMBEDDED === "1") pool.on("connect", (c) => void c.query("SET ROLE sotto_app"));
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  clients.push(client);
  return client;
}

export async function closeTestConnections(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.$disconnect()));
  await Promise.all([owner?.end(), app?.end()]);
  owner = undefined;
  app = undefined;
}

/** Runs `work` in one owner transaction with app.tenant_id (and optionally app.user_id) set. */
export async function asOwner<T>(ctx: { tenantId?: string; userId?: string }, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await ownerPool().connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true)", [ctx.tenantId ?? "", ctx.userId ?? ""]);
    const out = await work(c);
    await c.query("COMMIT");
    return out;
  } catch (error) {
    await c.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    c.release();
  }
}

export const randomId = (prefix = "c") => `${prefix}${randomBytes(12).toString("hex")}`;

export type TTenantFixture = { tenantId: string; slug: string; name: string; userId: string; email: string; membershipId: string };

/**
 * A tenant with one owner, inserted through the owner connection inside one transaction
 * with the tenant (and user) context set, so it works under FORCE RLS for a non-superuser
 * owner too. Names are made unique, so files can run in parallel on one database.
 */
export async function createTenantFixture(name = "Tenant"): Promise<TTenantFixture> {
  const suffix = randomBytes(5).toString("hex");
  const tenantId = randomId("t");
  const userId = randomId("u");
  const membershipId = randomId("m");
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "tenant"}-${suffix}`;
  const email = `owner-${suffix}@fixture.test`;
  await asOwner({ tenantId, userId }, async (c) => {
    await c.query(`INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES ($1, $2, $3, now())`, [tenantId, `${name} ${suffix}`, slug]);
    await c.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, $3)`, [userId, email, `Owner ${suffix}`]);
    await c.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, 'owner', now())`, [membershipId, tenantId, userId]);
  });
  return { tenantId, slug, name: `${name} ${suffix}`, userId, email, membershipId };
}
