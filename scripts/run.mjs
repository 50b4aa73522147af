#!/usr/bin/env node
// The three commands a developer needs, with nothing to set up first:
//
//   npm run demo   install → database → migrate → seed → build → server/web.mjs (production build, dev mailbox)
//   npm run dev    install → database → migrate → seed → next dev
//   npm test       install → chromium → lint → typecheck → unit → throwaway DB → integration
//                  → seed → build (.next-test) → server/web.mjs → Playwright → cleanup
//                  Options: --only=unit,integration  --skip=e2e   (stages: lint, typecheck, unit, integration, e2e)
//
// Database: DATABASE_URL if set, else PostgreSQL at 127.0.0.1:5432 if it accepts `postgres`,
// else the embedded PGlite server (SOTTO_EMBEDDED_DB=1 forces it). See scripts/lib/database.mjs.
//
// Plain Node ESM without dependencies at load time: it runs before `npm ci`.
import fs from "node:fs";
import path from "node:path";
import {
  ROOT,
  bin,
  run,
  stage,
  log,
  bold,
  dim,
  green,
  red,
  cyan,
  onCleanup,
  runCleanups,
  start,
  installSignalHandlers,
  isShuttingDown,
  freePort,
  canConnect,
  waitForHttp,
  StageError,
  seconds,
} from "./lib/proc.mjs";
import { ensureDeps, npm } from "./lib/deps.mjs";
import { ensureChromium } from "./lib/chromium.mjs";
import { nextBuild, nextStart } from "./lib/next.mjs";
import { demoSecrets, TEST_SECRETS } from "./lib/secrets.mjs";
import { Totals, readVitestJson, readPlaywrightJson } from "./lib/summary.mjs";

const MODES = ["demo", "dev", "test"];
const TEST_STAGES = ["lint", "typecheck", "unit", "integration", "e2e"];

function parseOptions(argv) {
  const opts = { only: null, skip: new Set() };
  for (const arg of argv) {
    const [key, value = ""] = arg.replace(/^--/, "").split("=");
    const list = value.split(",").map((s) => s.trim()).filter(Boolean);
    const unknown = list.filter((s) => !TEST_STAGES.includes(s));
    if ((key === "only" || key === "skip") && unknown.length) throw new StageError(`unknown stage(s) ${unknown.join(", ")}; known: ${TEST_STAGES.join(", ")}`);
    if (key === "only") opts.only = new Set(list);
    else if (key === "skip") list.forEach((s) => opts.skip.add(s));
    else throw new StageError(`unknown option ${arg} (use --only=… or --skip=…)`);
  }
  opts.wants = (name) => (!opts.only || opts.only.has(name)) && !opts.skip.has(name);
  return opts;
}

/** Environment shared by every mode. Inherited DB_EMBEDDED/APP_DATABASE_URL are re-derived. */
function baseEnv() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.DB_EMBEDDED;
  return env;
}

function dbEnv(env, db, { keepAppUrl }) {
  const out = { ...env, DATABASE_URL: db.url };
  if (db.kind === "embedded") out.DB_EMBEDDED = "1";
  // The app-role URL is derived from DATABASE_URL (user swapped for sotto_app) unless the
  // user configured their own server; a stale one would point at another database.
  if (!keepAppUrl || db.kind !== "env") delete out.APP_DATABASE_URL;
  return out;
}

async function migrate(env) {
  await run(npm, ["run", "--silent", "db:migrate"], { env });
}

async function seed(env) {
  await run(bin("tsx"), ["prisma/seed.ts"], { env });
}

async function seedAccounts(env) {
  try {
    let out = "";
    const { spawn } = await import("node:child_process");
    await new Promise((resolve, reject) => {
      const child = spawn(bin("tsx"), ["-e", 'import("./prisma/seed-data.ts").then((m) => console.log(JSON.stringify(m.SEED_USERS)))'], { cwd: ROOT, env, stdio: ["ignore", "pipe", "ignore"] });
      child.stdout.on("data", (d) => (out += d));
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
      child.on("error", reject);
    });
    return JSON.parse(out.trim().split("\n").pop());
  } catch {
    return null;
  }
}

async function ensurePortFree(port) {
  if (await canConnect(port)) throw new StageError(`port ${port} is already in use; stop what runs there or set PORT=<another port>`);
}

function banner({ url, db, accounts, mode }) {
  const line = "─".repeat(72);
  const out = [
    "",
    green(line),
    `  ${bold("Sotto")} ${mode === "dev" ? "(development server)" : "demo"} is running at ${bold(cyan(url))}`,
    "",
    `  Sign in as ${bold("demo@sotto.test")}: enter the address at ${url}/sign-in,`,
    `  then open ${url}/dev/mailbox and click the link.`,
    "",
    `  Website chat widget: signed in, open ${url}/t/acme-shop/inbox/try-widget,`,
    `  write as a visitor and answer from ${url}/t/acme-shop/inbox in another tab.`,
  ];
  if (accounts?.length) {
    out.push("", "  Seeded accounts (all sign in the same way):");
    for (const a of accounts) {
      const roles = a.memberships.map((m) => `${m.role} of ${m.tenantName}`).join(", ");
      out.push(`    ${a.email.padEnd(22)} ${dim(roles)}`);
    }
  }
  out.push(
    "",
    `  Database: ${db.kind === "embedded" ? "embedded PostgreSQL (PGlite, data in .data/pglite) — for demos, not load" : `PostgreSQL ${dim(redactUrl(db.url))}`}`,
    `  Stop with Ctrl+C.`,
    green(line),
    "",
  );
  log(out.join("\n"));
}

function redactUrl(url) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

// ---------------------------------------------------------------------------
// demo / dev
// ---------------------------------------------------------------------------

async function prepareApp() {
  const env = baseEnv();
  await stage("Dependencies", () => ensureDeps(env));
  const { provideAppDatabase } = await import("./lib/database.mjs");
  const db = await stage("Database", () => provideAppDatabase());
  const port = Number(process.env.PORT || 3000);
  const url = `http://localhost:${port}`;
  const secrets = demoSecrets();
  const appEnv = {
    ...dbEnv(env, db, { keepAppUrl: true }),
    APP_URL: process.env.APP_URL || url,
    AUTH_TRUST_HOST: "1",
    AUTH_SECRET: secrets.AUTH_SECRET,
    SOTTO_ENCRYPTION_KEYS: secrets.SOTTO_ENCRYPTION_KEYS,
  };
  delete appEnv.NODE_ENV;
  await stage("Migrate", () => migrate(appEnv));
  await stage("Seed", () => seed(appEnv));
  return { env: appEnv, db, port, url };
}

async function demo() {
  const { env, db, port, url } = await prepareApp();
  const serverEnv = { ...env, SOTTO_ENV: "demo", NODE_ENV: "production", NEXT_DIST_DIR: ".next" };
  await stage("Build (next build → .next)", () => nextBuild({ env: serverEnv, distDir: ".next" }));
  await ensurePortFree(port);
  const server = await stage(`Start (server/web.mjs -p ${port})`, () => nextStart({ env: serverEnv, port, distDir: ".next" }));
  banner({ url, db, accounts: await seedAccounts(env), mode: "demo" });
  const { code, signal } = await server.exited;
  if (isShuttingDown()) return new Promise(() => {}); // the signal handler exits
  throw new StageError(`the server exited (${signal ?? code})`);
}

async function dev() {
  const { env, db, port, url } = await prepareApp();
  await ensurePortFree(port);
  const devEnv = { ...env, SOTTO_ENV: process.env.SOTTO_ENV || "development", NEXT_DIST_DIR: process.env.NEXT_DIST_DIR || ".next" };
  const proc = start(bin("next"), ["dev", "-p", String(port)], { env: devEnv });
  onCleanup(() => proc.stop());
  let alive = true;
  proc.exited.then(() => (alive = false));
  // The first request compiles the page: allow for it.
  await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 300_000, isAlive: () => alive });
  banner({ url, db, accounts: await seedAccounts(env), mode: "dev" });
  const { code, signal } = await proc.exited;
  if (isShuttingDown()) return new Promise(() => {});
  if (code !== 0) throw new StageError(`next dev exited (${signal ?? code})`);
}

// ---------------------------------------------------------------------------
// test
// ---------------------------------------------------------------------------

const RESULTS = path.join(ROOT, "test-results");

async function vitest(project, env, totals) {
  const report = path.join(RESULTS, `vitest-${project}.json`);
  fs.rmSync(report, { force: true });
  const code = await run(
    bin("vitest"),
    ["run", "--project", project, "--passWithNoTests", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    { env, check: false },
  );
  const counts = totals.addFrom(readVitestJson, report);
  if (counts) log(dim(`${project}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}`));
  if (code !== 0) {
    if (!counts?.failed) totals.add({ failed: 1 });
    throw new StageError(`vitest --project ${project} exited with ${code}`);
  }
}

async function test(opts) {
  const totals = new Totals();
  const t0 = Date.now();
  let code = 0;
  try {
    await testStages(opts, totals);
  } catch (error) {
    code = 1;
    if (!(error instanceof StageError)) {
      console.error(error);
      totals.add({ failed: 1 });
    } else if (!error.cause) log(red(`✖ ${error.message}`));
  } finally {
    await runCleanups();
  }
  log(dim(`\ntotal ${seconds(Date.now() - t0)}`));
  // CI reads this last line.
  log(totals.line());
  return code || (totals.failed ? 1 : 0);
}

async function testStages(opts, totals) {
  const env = baseEnv();
  const wantDb = opts.wants("integration") || opts.wants("e2e");
  await stage("Dependencies", () => ensureDeps(env));
  if (opts.wants("e2e")) await stage("Chromium", () => ensureChromium());
  const fail = (name) => (error) => {
    totals.add({ failed: 1 });
    throw error ?? new StageError(name);
  };
  if (opts.wants("lint")) await stage("Lint (eslint)", () => run(npm, ["run", "--silent", "lint"], { env })).catch(fail("lint"));
  if (opts.wants("typecheck")) await stage("Typecheck (tsc)", () => run(npm, ["run", "--silent", "typecheck"], { env })).catch(fail("typecheck"));
  const typechecked = opts.wants("typecheck");

  const testEnv = { ...env, NODE_ENV: "test" };
  delete testEnv.RESEND_API_KEY;
  delete testEnv.APP_DATABASE_URL;
  fs.mkdirSync(RESULTS, { recursive: true });
  if (opts.wants("unit")) await stage("Unit tests (vitest --project unit)", () => vitest("unit", testEnv, totals));
  if (!wantDb) return;

  const { provideTestDatabase } = await import("./lib/database.mjs");
  const db = await stage("Test database", async () => {
    const d = await provideTestDatabase();
    log(`${d.kind === "embedded" ? "embedded" : d.name} ${dim(redactUrl(d.url))}`);
    return d;
  }).catch(fail("database"));
  const dbTestEnv = { ...dbEnv(testEnv, db, { keepAppUrl: false }), SOTTO_TEST_DB: "provided" };
  await stage("Migrate", () => migrate(dbTestEnv)).catch(fail("migrate"));
  if (opts.wants("integration")) {
    // Integration tests leave their own tenants and channels behind; the browser tests get
    // a database holding exactly the seed. So the integration tests run on a copy of the
    // freshly migrated database (a template copy on PostgreSQL, well under a second).
    let intEnv = dbTestEnv;
    let intCopy = null;
    if (opts.wants("e2e")) {
      const { copyTestDatabase } = await import("./lib/database.mjs");
      const copy = await stage("Integration database (copy)", async () => {
        const c = await copyTestDatabase(db);
        const env = { ...dbEnv(testEnv, c, { keepAppUrl: false }), SOTTO_TEST_DB: "provided" };
        if (c.needsMigrate) await migrate(env);
        log(`${c.name} ${dim(redactUrl(c.url))}`);
        return { c, env };
      }).catch(fail("database"));
      intEnv = copy.env;
      intCopy = copy.c;
      onCleanup(() => copy.c.drop());
    }
    await stage("Integration tests (vitest --project integration)", () => vitest("integration", intEnv, totals));
    await intCopy?.drop();
  }

  if (opts.wants("e2e")) {
    // Integration tests ran on a copy (above): this database holds exactly the seed.
    const e2eEnv = dbTestEnv;
    await stage("Seed (e2e)", () => seed(e2eEnv)).catch(fail("seed"));
    const port = await freePort();
    // localhost, not 127.0.0.1: Next 16 hands route handlers `http://localhost:<port>` URLs
    // whatever the Host header (and next-auth's AUTH_URL override does not take with Next 16),
    // so Auth.js redirects to localhost; the browser must be on the same origin for its cookies.
    const appUrl = `http://localhost:${port}`;
    const serverEnv = {
      ...e2eEnv,
      NODE_ENV: "production",
      SOTTO_ENV: "test",
      SOTTO_TEST_CLOCK: "1",
      APP_URL: appUrl,
      AUTH_TRUST_HOST: "1",
      // Every test signs in from one address: raise the budgets (lib/security/limits.ts) so they do not collide.
      RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE || "50",
      ...TEST_SECRETS,
      NEXT_DIST_DIR: ".next-test",
    };
    delete serverEnv.SOTTO_TEST_DB;
    // tsc already ran above: lets next.config.ts skip the build's second type check
    // (`typescript.ignoreBuildErrors` keyed on NEXT_SKIP_TYPECHECK), about a minute on 2 cores.
    const buildEnv = typechecked ? { ...serverEnv, NEXT_SKIP_TYPECHECK: "1" } : serverEnv;
    await stage("Build (next build → .next-test)", () => nextBuild({ env: buildEnv, distDir: ".next-test" })).catch(fail("build"));
    const server = await stage(`Start (server/web.mjs on ${appUrl})`, () => nextStart({ env: serverEnv, port, distDir: ".next-test" })).catch(
      fail("start"),
    );
    const report = path.join(RESULTS, "playwright.json");
    fs.rmSync(report, { force: true });
    await stage("End-to-end tests (playwright)", async () => {
      const code = await run(bin("playwright"), ["test", "--pass-with-no-tests"], {
        // The webhook tests sign deliveries as Meta would, with the server's app secret.
        env: { ...e2eEnv, BASE_URL: appUrl, NODE_ENV: "test", META_APP_SECRET: TEST_SECRETS.META_APP_SECRET, META_VERIFY_TOKEN: TEST_SECRETS.META_VERIFY_TOKEN },
        check: false,
      });
      const counts = totals.addFrom(readPlaywrightJson, report);
      if (code !== 0) {
        if (!counts?.failed) totals.add({ failed: 1 });
        throw new StageError(`playwright exited with ${code}`);
      }
    });
    await server.stop();
  }
}

// ---------------------------------------------------------------------------

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (!MODES.includes(mode)) {
    console.error(`usage: node scripts/run.mjs <${MODES.join("|")}> [--only=stage,…] [--skip=stage,…]`);
    process.exit(2);
  }
  installSignalHandlers();
  try {
    const opts = parseOptions(rest);
    if (mode === "demo") await demo();
    else if (mode === "dev") await dev();
    else {
      const code = await test(opts);
      process.exit(code);
    }
  } catch (error) {
    await runCleanups();
    if (!(error instanceof StageError)) console.error(error);
    else if (error.message && !error.cause) log(red(`✖ ${error.message}`));
    process.exit(1);
  }
  await runCleanups();
  process.exit(0);
}

await main();
