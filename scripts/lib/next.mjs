// next build (skipped when the build is fresh) and next start.
import fs from "node:fs";
import path from "node:path";
import { ROOT, bin, run, start, waitForHttp, onCleanup, log, dim } from "./proc.mjs";

const SOURCES = ["app", "components", "lib", "server", "inngest", "public", "consent", "widget", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.json"];
const IGNORED = /(^|\/)(node_modules|\.next[^/]*)(\/|$)|\.(test|int\.test)\.tsx?$/;

/** Newest modification time (ms) under the given paths, ignoring tests. */
export function newestSource(root = ROOT, entries = SOURCES) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (IGNORED.test(path.relative(root, p))) return;
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const e of entries) visit(path.join(root, e));
  return newest;
}

/**
 * True when `<distDir>/BUILD_ID` exists, is newer than every source, and was built
 * for the same SOTTO_ENV (recorded in `<distDir>/sotto-build.json`).
 */
export function isBuildFresh(distDir, sottoEnv, root = ROOT) {
  try {
    const built = fs.statSync(path.join(root, distDir, "BUILD_ID")).mtimeMs;
    const stamp = JSON.parse(fs.readFileSync(path.join(root, distDir, "sotto-build.json"), "utf8"));
    return stamp.sottoEnv === sottoEnv && built >= newestSource(root);
  } catch {
    return false;
  }
}

// `next build` adds `<distDir>/types/**` globs to tsconfig.json when distDir is not
// `.next`; the test build must not leave a modified tsconfig.json in the checkout.
async function preservingTsconfig(fn) {
  const file = path.join(ROOT, "tsconfig.json");
  const before = fs.readFileSync(file, "utf8");
  try {
    return await fn();
  } finally {
    if (fs.readFileSync(file, "utf8") !== before) fs.writeFileSync(file, before);
  }
}

export async function nextBuild({ env, distDir = ".next", force = false }) {
  const sottoEnv = env.SOTTO_ENV ?? "";
  if (!force && isBuildFresh(distDir, sottoEnv)) {
    log(dim(`${distDir} is newer than the sources; skipping next build (delete ${distDir}/BUILD_ID to force)`));
    return false;
  }
  const buildEnv = { ...env, NEXT_DIST_DIR: distDir };
  // Browser files in public/ (chat widget, consent.js) are built first: next build serves only what exists then.
  await run(process.execPath, [path.join(ROOT, "scripts/build-assets.mjs")], { env: buildEnv });
  await preservingTsconfig(() => run(bin("next"), ["build"], { env: buildEnv }));
  fs.writeFileSync(path.join(ROOT, distDir, "sotto-build.json"), JSON.stringify({ sottoEnv, builtAt: new Date().toISOString() }));
  return true;
}

/** Starts `next start` and waits until it answers. Returns { url, stop, exited }. */
export async function nextStart({ env, port, distDir = ".next", host, timeoutMs = 90_000 }) {
  const args = ["start", "-p", String(port)];
  if (host) args.push("-H", host);
  const proc = start(bin("next"), args, { env: { ...env, NEXT_DIST_DIR: distDir, PORT: String(port) } });
  let alive = true;
  proc.exited.then(() => (alive = false));
  const removeCleanup = onCleanup(() => proc.stop());
  const url = `http://${host ?? "127.0.0.1"}:${port}`;
  try {
    await waitForHttp(url, { timeoutMs, isAlive: () => alive });
  } catch (error) {
    await proc.stop();
    removeCleanup();
    throw error;
  }
  return {
    url,
    exited: proc.exited,
    stop: async () => {
      removeCleanup();
      await proc.stop();
    },
  };
}

export async function nextDev({ env, port }) {
  return start(bin("next"), ["dev", "-p", String(port)], { env });
}
