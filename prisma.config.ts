import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { env } from "./lib/env";

/**
 * Prisma's native engines cannot be downloaded here, so migrations run on the
 * Wasm schema engine through the pg driver adapter (see docs/ARCHITECTURE.md).
 * Two adapter-pg 6.19 bugs are worked around locally; the app's runtime client
 * is unaffected.
 */

// prisma/orm#27403: the adapter throws on catalog types `name` (19) and `"char"` (18).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
type Field = { dataTypeID: number };
function patchFields<R>(res: R): R {
  const fields = (res as { fields?: Field[] } | undefined)?.fields;
  if (fields) for (const f of fields) if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = 25;
  return res;
}

class CatalogSafeClient extends pg.Client {
  // pg.Pool#query calls the client with a callback, so both forms are patched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: unknown) => last(err, err ? res : patchFields(res));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(patchFields) : out;
  }
}

function adapterFor(connectionString: string) {
  return new PrismaPg({ connectionString, Client: CatalogSafeClient } as pg.PoolConfig);
}

type ScriptRunner = { executeScript(script: string): Promise<void> };
/**
 * adapter-pg 6.19 splits migration scripts on every ";", which breaks dollar-quoted
 * function bodies (our RLS and audit-chain SQL). PostgreSQL's simple query protocol
 * runs a multi-statement script natively, as one implicit transaction.
 */
function wholeScripts<T extends ScriptRunner>(adapter: T): T {
  const internals = adapter as unknown as { client: pg.Pool; onError(e: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx prisma/seed.ts" },
  async adapter() {
    const url = env.DATABASE_URL;
    const main = adapterFor(url);
    return {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: async () => wholeScripts(await main.connect()),
      // The adapter's own shadow database keeps the main URL and drops itself before
      // its pool closes; a uniquely named database per run avoids both problems.
      async connectToShadowDb() {
        const name = `sotto_shadow_${randomBytes(6).toString("hex")}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE DATABASE "${name}"`);
        await admin.end();
        const shadowUrl = new URL(url);
        shadowUrl.pathname = `/${name}`;
        const shadow = wholeScripts(await adapterFor(shadowUrl.toString()).connect());
        const dispose = shadow.dispose.bind(shadow);
        shadow.dispose = async () => {
          await dispose();
          const dropper = new pg.Client({ connectionString: url });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await dropper.end();
        };
        return shadow;
      },
    };
  },
});
