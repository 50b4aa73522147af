// The end-to-end tests drive Debian's Chromium (Playwright's own browser downloads are
// not reachable from every machine). Installs it with apt when running as root.
import fs from "node:fs";
import { run, log, StageError } from "./proc.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export async function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) {
    log(`Chromium: ${CHROMIUM}`);
    return CHROMIUM;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new StageError(
      `Chromium is missing at ${CHROMIUM}. Install it first: sudo apt-get install -y chromium ` +
        `(or point CHROMIUM_PATH at a Chromium/Chrome binary).`,
    );
  }
  log("Chromium is missing; installing it with apt-get (as root)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await run("apt-get", ["update"], { env });
  await run("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { env });
  if (!fs.existsSync(CHROMIUM)) throw new StageError(`apt-get installed chromium but ${CHROMIUM} does not exist`);
  return CHROMIUM;
}
