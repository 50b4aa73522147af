#!/usr/bin/env node
// Embedded PostgreSQL for machines without a PostgreSQL server: PGlite (PostgreSQL
// compiled to Wasm) served over the wire protocol by @electric-sql/pglite-socket.
//
//   node scripts/embedded-db.mjs [--data-dir .data/pglite | --data-dir memory://] [--port 54329] [--host 127.0.0.1]
//
// Prints one line `READY <port>` on stdout once it accepts connections (port 0 picks a
// free port). Stops on SIGINT/SIGTERM, or when the parent that started it with an IPC
// channel goes away. Demo and test use only; see scripts/lib/pglite-sessions.mjs for
// how connections share the one backend.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { installSessionScheduler } from "./lib/pglite-sessions.mjs";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: ".data/pglite" },
    port: { type: "string", default: "54329" },
    host: { type: "string", default: "127.0.0.1" },
    "max-connections": { type: "string", default: "100" },
    "wait-timeout-ms": { type: "string", default: process.env.SOTTO_EMBEDDED_DB_WAIT_MS || "30000" },
    debug: { type: "boolean", default: false },
  },
});

const inMemory = values["data-dir"].startsWith("memory://");
const dataDir = inMemory ? values["data-dir"] : path.resolve(values["data-dir"]);
if (!inMemory) fs.mkdirSync(path.dirname(dataDir), { recursive: true });

const db = await PGlite.create(dataDir);
const server = new PGLiteSocketServer({
  db,
  host: values.host,
  port: Number(values.port),
  maxConnections: Number(values["max-connections"]),
  debug: values.debug,
});
installSessionScheduler(server, db, { debug: values.debug, waitTimeoutMs: Number(values["wait-timeout-ms"]) });

try {
  await server.start();
} catch (error) {
  console.error(`embedded-db: cannot listen on ${values.host}:${values.port}: ${error.message}`);
  await db.close().catch(() => {});
  process.exit(2);
}

const port = Number(server.getServerConn().split(":").pop());
process.stdout.write(`READY ${port}\n`);

let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(code), 5000);
  try {
    await server.stop();
    await db.close();
  } catch (error) {
    console.error(`embedded-db: shutdown: ${error.message}`);
  }
  clearTimeout(timer);
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
if (process.send) process.on("disconnect", () => void shutdown(0));
