// Starts scripts/embedded-db.mjs (PGlite over the wire) as a child process and waits for it.
import path from "node:path";
import { ROOT, start, onCleanup, StageError, waitForPort } from "./proc.mjs";

export const EMBEDDED_PORT = 54329;

/**
 * @param {{ dataDir?: string, port?: number, timeoutMs?: number }} opts
 *   dataDir: a folder (persistent) or "memory://" (throwaway); port 0 picks a free one.
 * @returns {Promise<{ port: number, url: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedDb({ dataDir = path.join(ROOT, ".data", "pglite"), port = EMBEDDED_PORT, timeoutMs = 120_000 } = {}) {
  const proc = start(process.execPath, [path.join(ROOT, "scripts", "embedded-db.mjs"), "--data-dir", dataDir, "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    graceMs: 8000,
  });
  let alive = true;
  proc.exited.then(() => (alive = false));

  const ready = new Promise((resolve, reject) => {
    let buf = "";
    let seen = false;
    proc.child.stdout.on("data", (chunk) => {
      // Anything else the server prints goes to our stdout.
      if (seen) return void process.stdout.write(chunk);
      buf += chunk;
      const m = /READY (\d+)\n/.exec(buf);
      if (!m) return;
      seen = true;
      const rest = buf.replace(m[0], "");
      if (rest) process.stdout.write(rest);
      resolve(Number(m[1]));
    });
    proc.exited.then(({ code }) => reject(new StageError(`embedded database exited (code ${code}) before it was ready`)));
    setTimeout(() => reject(new StageError(`embedded database not ready after ${timeoutMs / 1000}s`)), timeoutMs).unref();
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await proc.stop();
  };
  const removeCleanup = onCleanup(stop);
  let actualPort;
  try {
    actualPort = await ready;
    await waitForPort(actualPort, { isAlive: () => alive, timeoutMs: 10_000 });
  } catch (error) {
    await stop();
    removeCleanup();
    throw error;
  }
  return {
    port: actualPort,
    // PGlite has one database and ignores the name in the URL; "postgres" says so.
    url: `postgresql://postgres@127.0.0.1:${actualPort}/postgres`,
    stop,
    exited: proc.exited,
  };
}
