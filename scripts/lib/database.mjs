// Which database server to use, and database create/drop on it.
//
//   1. SOTTO_EMBEDDED_DB=1      → embedded PGlite, no probing (also overrides DATABASE_URL)
//   2. DATABASE_URL is set      → that server
//   3. 127.0.0.1:5432 answers as `postgres` within 2 s → local PostgreSQL
//   4. otherwise                → embedded PGlite (scripts/embedded-db.mjs)
//
// `pg` is imported lazily: this module is loaded before `npm ci` has run.
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ROOT, onCleanup, log, dim, warn, sleep, StageError } from "./proc.mjs";
import { startEmbeddedDb, EMBEDDED_PORT } from "./embedded-db.mjs";

export const LOCAL_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

async function pg() {
  return (await import("pg")).default;
}

export function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

/** Display form of a URL without its password. */
export function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** True when a `postgres` login to url succeeds within timeoutMs. */
export async function canLogin(url, timeoutMs = 2000) {
  const { Client } = await pg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function withClient(url, fn) {
  const { Client } = await pg();
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const quoteIdent = (s) => `"${s.replaceAll('"', '""')}"`;

/** Creates database `name` on the server of adminUrl unless it exists. Returns true when created. */
export async function ensureDatabase(adminUrl, name) {
  return withClient(adminUrl, async (c) => {
    const { rows } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rows.length) return false;
    await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return true;
  });
}

export async function dropDatabase(adminUrl, name) {
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

const truthy = (v) => ["1", "true", "yes"].includes(String(v ?? "").toLowerCase());

/**
 * Picks the server. Returns { kind, adminUrl, embedded? } where adminUrl is an owner
 * connection to a maintenance database on that server.
 *   kind: "env" (DATABASE_URL), "postgres" (local 5432), "embedded" (PGlite)
 * `throwaway` starts an in-memory embedded server on a free port instead of .data/pglite.
 */
export async function chooseServer({ throwaway = false } = {}) {
  const forced = truthy(process.env.SOTTO_EMBEDDED_DB);
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (!forced && fromEnv) {
    log(`Database: DATABASE_URL ${dim(redact(fromEnv))}`);
    return { kind: "env", adminUrl: fromEnv };
  }
  if (!forced && (await canLogin(LOCAL_ADMIN_URL, 2000))) {
    log(`Database: PostgreSQL at 127.0.0.1:5432`);
    return { kind: "postgres", adminUrl: LOCAL_ADMIN_URL };
  }
  log(forced ? "Database: embedded (SOTTO_EMBEDDED_DB=1)" : "Database: no PostgreSQL at 127.0.0.1:5432, starting the embedded one (PGlite)");
  const embedded = await startEmbeddedDb(
    throwaway
      ? { dataDir: "memory://", port: 0 }
      : {
          dataDir: process.env.SOTTO_EMBEDDED_DB_DIR || path.join(ROOT, ".data", "pglite"),
          port: Number(process.env.SOTTO_EMBEDDED_DB_PORT || EMBEDDED_PORT),
        },
  );
  log(dim(`embedded PostgreSQL (PGlite) on 127.0.0.1:${embedded.port}${throwaway ? ", in memory" : ", data in .data/pglite"}`));
  return { kind: "embedded", adminUrl: embedded.url, embedded };
}

/**
 * The demo/dev database: `sotto` on PostgreSQL (created if missing), DATABASE_URL as
 * given, or the embedded server's single database. Returns { kind, url, embedded? }.
 */
export async function provideAppDatabase() {
  const server = await chooseServer();
  if (server.kind === "embedded") return { ...server, url: server.adminUrl };
  const url = server.kind === "env" ? server.adminUrl : withDatabase(server.adminUrl, "sotto");
  const name = databaseName(url);
  try {
    if (await ensureDatabase(withDatabase(url, "postgres"), name)) log(`Created database ${name}`);
  } catch (error) {
    // Managed databases often refuse CREATE DATABASE; the migration step will tell if the database is really missing.
    if (server.kind === "postgres") throw new StageError(`cannot create database ${name}: ${error.message}`);
    warn(`could not check/create database ${name} (${error.message}); continuing`);
  }
  return { ...server, url };
}

/**
 * A throwaway test database `sotto_test_<random>`, dropped by the returned drop()
 * and by the cleanup registry (failure, SIGINT). On the embedded server it is a fresh
 * in-memory instance instead (PGlite has one database).
 */
export async function provideTestDatabase() {
  const server = await chooseServer({ throwaway: true });
  if (server.kind === "embedded") {
    return { ...server, url: server.adminUrl, name: "(in-memory PGlite)", drop: () => server.embedded.stop() };
  }
  const name = `sotto_test_${randomBytes(5).toString("hex")}`;
  return createTestDatabase(server, name);
}

async function createTestDatabase(server, name, template) {
  const adminUrl = withDatabase(server.adminUrl, "postgres");
  for (let attempt = 1; ; attempt++) {
    try {
      if (template) {
        await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`));
      } else await ensureDatabase(adminUrl, name);
      break;
    } catch (error) {
      // 55006: the template still has a session (the migration's connections closing).
      if (error?.code === "55006" && attempt < 20) {
        await sleep(250);
        continue;
      }
      throw new StageError(`cannot create the test database ${name}: ${error.message}`);
    }
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await dropDatabase(adminUrl, name);
    log(dim(`dropped ${name}`));
  };
  onCleanup(drop);
  return { ...server, url: withDatabase(server.adminUrl, name), name, drop };
}

/**
 * A second, identical test database: a template copy of a migrated (and otherwise
 * untouched) one on PostgreSQL; on the embedded server a second in-memory instance,
 * which the caller migrates (`needsMigrate`). Integration tests get the copy, so the
 * end-to-end tests run on a database that holds only the seed.
 */
export async function copyTestDatabase(db) {
  if (db.kind === "embedded") {
    const embedded = await startEmbeddedDb({ dataDir: "memory://", port: 0 });
    return { kind: "embedded", adminUrl: embedded.url, url: embedded.url, embedded, name: "(in-memory PGlite)", drop: () => embedded.stop(), needsMigrate: true };
  }
  return { ...(await createTestDatabase(db, `${db.name}_i`, db.name)), needsMigrate: false };
}
