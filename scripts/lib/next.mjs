// next build (skipped when the build is fresh) and next start.
import fs from "node:fs";
import path from "node:path";
import { ROOT, bin, run, start, waitForHttp, onCleanup, log, dim } from "./proc.mjs";

// Everything in the checkout can end up in the build except these (tests, tooling, output).
const NOT_SOURCES = /^(node_modules|\.git|\.next[^/]*|\.data|\.ci|test-results|playwright-report|blob-report|coverage|e2e|docs|bench|scripts|prisma\/migrations)(\/|$)|\.(test|int\.test|spec)\.tsx?$|\.md$|\.tsbuildinfo$|(^|\/)\.DS_Store$/;

/** Newest modification time (ms) of the files that go into a build. */
export function newestSource(root = ROOT) {
  let newest = 0;
  const visit = (p) => {
    const rel = path.relative(root, p);
    if (rel && NOT_SOURCES.test(rel)) return;
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  visit(root);
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

// `next build` adds `<distDir>/types/**` globs to tsconfig.json (and reformats it) when
// distDir is not `.next`; the test build must not leave a modified tsconfig.json in the
// checkout. Only the entries this build added are taken out, so a change someone else
// makes to tsconfig.json meanwhile survives.
async function preservingTsconfig(distDir, fn) {
  const file = path.join(ROOT, "tsconfig.json");
  const beforeText = fs.readFileSync(file, "utf8");
  let before;
  try {
    before = JSON.parse(beforeText);
  } catch {
    return fn(); // not plain JSON (comments): leave it to Next
  }
  const added = [`${distDir}/types/**/*.ts`, `${distDir}/dev/types/**/*.ts`].filter((g) => !before.include?.includes(g));
  try {
    return await fn();
  } finally {
    try {
      const afterText = fs.readFileSync(file, "utf8");
      if (afterText !== beforeText) {
        const after = JSON.parse(afterText);
        if (Array.isArray(after.include)) after.include = after.include.filter((g) => !added.includes(g));
        const same = JSON.stringify(after) === JSON.stringify(before);
        fs.writeFileSync(file, same ? beforeText : JSON.stringify(after, null, 2) + "\n");
      }
    } catch {
      // a concurrent writer left it half-written; nothing sensible to restore
    }
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
  await preservingTsconfig(distDir, () => run(bin("next"), ["build"], { env: buildEnv }));
  fs.writeFileSync(path.join(ROOT, distDir, "sotto-build.json"), JSON.stringify({ sottoEnv, builtAt: new Date().toISOString() }));
  return true;
}

/**
 * Starts the production server (server/web.mjs: `next start` plus direct
 * dispatch of provider webhooks) and waits until it answers. Returns { url, stop, exited }.
 * `nodeArgs` go to node itself (flags such as --cpu-prof that NODE_OPTIONS refuses).
 */
export async function nextStart({ env, port, distDir = ".next", host, timeoutMs = 90_000, nodeArgs = [] }) {
  const args = [...nodeArgs, path.join(ROOT, "server/web.mjs"), "-p", String(port)];
  if (host) args.push("-H", host);
  const proc = start(process.execPath, args, { env: { ...env, NEXT_DIST_DIR: distDir, PORT: String(port) } });
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
    pid: proc.child.pid,
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
