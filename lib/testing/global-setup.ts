import type { TestProject } from "vitest/node";
import { appUrlFor, createTestDatabase, type TTestDatabase } from "./test-db";

/**
 * Vitest `globalSetup` of the integration project: one migrated throwaway database
 * for the whole run, shared by all files (each file makes its own tenants).
 *
 * - `npm test` (scripts/run.mjs) provisions and migrates the database itself and
 *   marks it with SOTTO_TEST_DB=provided: it is used as is.
 * - `npx vitest run --project integration` on its own: a fresh database is created on
 *   the server of TEST_ADMIN_DATABASE_URL, else DATABASE_URL (never used as is: it may
 *   be your development database), else postgres@127.0.0.1:5432; migrated with
 *   `npm run db:migrate`; and dropped at teardown.
 *
 * Workers see it two ways: `process.env.DATABASE_URL` (Vitest builds the workers'
 * environment from process.env after global setup, and lib/env.ts reads it there) and
 * `inject("databaseUrl")` / `inject("appDatabaseUrl")`.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** Owner connection to the migrated test database. */
    databaseUrl: string;
    /** The same database as the RLS-bound `sotto_app` role. */
    appDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let database: TTestDatabase;
  const provided = process.env.SOTTO_TEST_DB === "provided" ? process.env.DATABASE_URL : undefined;
  if (provided) {
    database = { ownerUrl: provided, appUrl: process.env.APP_DATABASE_URL || appUrlFor(provided), drop: async () => {} };
  } else {
    const adminUrl = process.env.TEST_ADMIN_DATABASE_URL || process.env.DATABASE_URL || undefined;
    database = await createTestDatabase(adminUrl);
    console.log(`[integration] throwaway database ${new URL(database.ownerUrl).pathname.slice(1)}`);
  }

  const previous = { DATABASE_URL: process.env.DATABASE_URL, APP_DATABASE_URL: process.env.APP_DATABASE_URL };
  process.env.DATABASE_URL = database.ownerUrl;
  process.env.APP_DATABASE_URL = database.appUrl;
  project.provide("databaseUrl", database.ownerUrl);
  project.provide("appDatabaseUrl", database.appUrl);

  return async () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await database.drop();
  };
}
