// Dependencies and the generated Prisma client. Runs before node_modules exists,
// so only Node built-ins here.
import fs from "node:fs";
import path from "node:path";
import { ROOT, run, log, dim, StageError } from "./proc.mjs";

const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return null;
  }
};

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** True when `npm ci` is needed: no node_modules, or the lockfile changed since the last install. */
export function needsInstall(root = ROOT) {
  const installed = mtime(path.join(root, "node_modules", ".package-lock.json"));
  if (installed === null) return true;
  const lock = mtime(path.join(root, "package-lock.json"));
  return lock !== null && lock > installed;
}

/** True when the Prisma client is missing or older than the schema. */
export function needsGenerate(root = ROOT) {
  const client = mtime(path.join(root, "lib", "db", "generated", "client.ts"));
  const schema = mtime(path.join(root, "prisma", "schema.prisma"));
  return client === null || (schema !== null && schema > client);
}

export async function ensureDeps(env) {
  if (needsInstall()) {
    log("Installing dependencies (npm ci)…");
    const code = await run(npm, ["ci", "--no-audit", "--no-fund"], { env, check: false });
    if (code !== 0) {
      log("npm ci failed; falling back to npm install…");
      await run(npm, ["install", "--no-audit", "--no-fund"], { env });
    }
  } else log(dim("node_modules is up to date"));
  if (needsGenerate()) {
    log("Generating the Prisma client…");
    await run(npm, ["run", "--silent", "db:generate"], { env });
  } else log(dim("Prisma client is up to date"));
  if (!fs.existsSync(path.join(ROOT, "node_modules", "pg"))) throw new StageError("node_modules/pg is missing after install");
}

export { npm };
