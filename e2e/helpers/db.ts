import pg from "pg";

/**
 * Owner connection to the database the server under test uses (DATABASE_URL, set by
 * `npm test`; defaults to the demo database). For reading what the app wrote, e.g. the
 * development outbox: not for arranging state behind the app's back.
 */
let pool: pg.Pool | undefined;

export function e2eDb(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/sotto", max: 3 });
  return pool;
}

export async function closeE2eDb(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.end();
}
