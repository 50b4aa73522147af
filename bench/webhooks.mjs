#!/usr/bin/env node
// Webhook accept-path benchmark (npm run bench:webhooks). Not a test.
//
// Against a throwaway, migrated PostgreSQL database with one seeded WhatsApp
// channel, sends signed WhatsApp Cloud API deliveries (20 % of them repeats of
// earlier ones, as provider retries) over 50 concurrent connections, in rounds of
// ~20 s, to:
//   Sotto  the production build (next build → .next-bench, server/web.mjs) at /api/webhooks/meta,
//          configured as in production (SOTTO_ENV=production, Redis rate limits,
//          events relayed to an Inngest event API stand-in on loopback);
//   N      a minimal Next.js app (bench/next-baseline) whose one route handler
//          checks the HMAC and does one INSERT … ON CONFLICT through pg;
//   B      a bare node:http server doing the same (bench/baseline-node.mjs).
// All three run side by side; one is measured at a time, in turns, and each one's
// median round is reported. Afterwards it counts rows: every delivery answered
// 200 must be stored exactly once (lost = accepted ids missing, duplicated =
// ids stored more than once). Results: bench/results/webhooks.json and the
// table in docs/BENCHMARKS.md.
//
// Knobs: BENCH_DURATION (s per round, default 20), BENCH_ROUNDS (3; each server's median round is reported), BENCH_CONNECTIONS (50),
// BENCH_DB_POOL (2 × cores + 1: PostgreSQL connections per server, the same for all three), BENCH_ADMIN_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres),
// BENCH_REDIS_URL (redis://127.0.0.1:6379; "none" for in-memory rate limits),
// BENCH_ONLY=sotto,next,node, BENCH_REUSE_BUILD=1 (keep an existing .next-bench even if sources are newer),
// BENCH_SOTTO_NODE_ARGS (flags for the node running Sotto's server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { isBuildFresh, nextStart } from "../scripts/lib/next.mjs";
import { processTreeCpuMs } from "./lib/proc-cpu.mjs";
import { ROOT, bin, run, start, waitForHttp, onCleanup, runCleanups, log, installSignalHandlers, isShuttingDown } from "../scripts/lib/proc.mjs";

const DURATION = Number(process.env.BENCH_DURATION || 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
// Every server gets the same number of PostgreSQL connections: the usual pool
// sizing for a database on this machine's cores (2 × cores + 1). Ten backends on
// two cores cost every server more CPU per statement (context switches, cold
// caches), Sotto most, as its statements are the most numerous.
const DB_POOL = Number(process.env.BENCH_DB_POOL || 2 * os.cpus().length + 1);
const DUPLICATE_RATIO = 0.2;
const WARMUP_REQUESTS = 500;
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.BENCH_REDIS_URL === "none" ? undefined : process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379";
const ONLY = new Set((process.env.BENCH_ONLY || "sotto,next,node").split(","));
const SECRET = randomBytes(24).toString("hex");
const PHONE_NUMBER_ID = "106540352242922";
const RESULTS = path.join(ROOT, "bench/results/webhooks.json");
const DOC = path.join(ROOT, "docs/BENCHMARKS.md");

const withDb = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const appUrlFor = (url) => Object.assign(new URL(url), { username: "sotto_app", password: "" }).toString();

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The delivery Meta sends for one inbound WhatsApp text message. */
function delivery(wamid, n) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: `Customer ${n % 500}` }, wa_id: `3933312${String(n % 500).padStart(5, "0")}` }],
              messages: [{ from: `3933312${String(n % 500).padStart(5, "0")}`, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), text: { body: `Ciao, ordine ${n}: è già partito? 📦` }, type: "text" }],
            },
            field: "messages",
          },
        ],
      },
    ],
  });
}

/** Generates signed deliveries; a share of them repeat an earlier one, like provider retries. */
function loadGenerator(prefix) {
  let n = 0;
  const recent = [];
  const sent = new Set();
  const accepted = new Set();
  const statuses = {};
  return {
    sent,
    accepted,
    statuses,
    request(req, context) {
      let body;
      let id;
      if (recent.length > 50 && Math.random() < DUPLICATE_RATIO) {
        ({ body, id } = recent[Math.floor(Math.random() * recent.length)]);
      } else {
        id = `wamid.${prefix}.${n}`;
        body = delivery(id, n++);
        recent.push({ id, body });
        if (recent.length > 2000) recent.shift();
      }
      sent.add(id);
      context.id = id;
      return {
        ...req,
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}` },
      };
    },
    response(status, _body, context) {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 200) accepted.add(context.id);
    },
  };
}

function cannon(url, gen, { duration, amount, connections }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, ...(amount ? { amount } : { duration }), timeout: 10, requests: [{ setupRequest: gen.request, onResponse: gen.response }] },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    onCleanup(() => instance.stop());
  });
}

/**
 * CPU seconds used by the server process tree and by the PostgreSQL backends
 * connected to the bench database. Throughput on a shared machine follows the
 * machine's load; CPU time per accepted delivery does not, so it is the figure
 * to compare when other work shares the machine.
 */
async function cpuSnapshot(serverPid) {
  const { rows } = await ownerQuery(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  const db = new Map(rows.map((r) => [r.pid, processTreeCpuMs(r.pid) / 1000]));
  return { server: processTreeCpuMs(serverPid) / 1000, db };
}

function cpuDelta(before, after) {
  let db = 0;
  for (const [pid, s] of after.db) db += s - (before.db.get(pid) ?? 0);
  return { server_s: after.server - before.server, db_s: db };
}

let ownerQuery = async () => ({ rows: [] });

async function warmUp(name, url, prefix) {
  // Warm-up by count, not time: on a busy machine a few seconds may not even load every module of the route.
  log(`  ${name}: warm-up ${WARMUP_REQUESTS} requests`);
  await cannon(url, loadGenerator(`${prefix}-warm`), { amount: WARMUP_REQUESTS, connections: Math.min(10, CONNECTIONS) });
}

async function measure(name, url, prefix, serverPid) {
  log(`  ${name}: ${CONNECTIONS} connections for ${DURATION} s`);
  const gen = loadGenerator(prefix);
  const cpuBefore = await cpuSnapshot(serverPid);
  const r = await cannon(url, gen, { duration: DURATION, connections: CONNECTIONS });
  const cpu = cpuDelta(cpuBefore, await cpuSnapshot(serverPid));
  const ok = gen.statuses[200] ?? 0;
  const perRequest = (s) => (r.requests.total ? Math.round((s * 1000 * 100) / r.requests.total) / 100 : null);
  const load = Math.round(os.loadavg()[0] * 10) / 10;
  const out = {
    requests: r.requests.total,
    accepted_per_s: Math.round(ok / r.duration),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    max_ms: r.latency.max,
    non_2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses: gen.statuses,
    unique_ids_sent: gen.sent.size,
    unique_ids_accepted: gen.accepted.size,
    load_avg_1m: load,
    cpu_ms_per_request: { server: perRequest(cpu.server_s), db: perRequest(cpu.db_s), total: perRequest(cpu.server_s + cpu.db_s) },
  };
  log(`  ${name}: ${out.accepted_per_s} accepted/s, p50 ${out.p50_ms} ms, p99 ${out.p99_ms} ms, statuses ${JSON.stringify(gen.statuses)}`);
  log(`  ${name}: CPU per request ${out.cpu_ms_per_request.server} ms server + ${out.cpu_ms_per_request.db} ms PostgreSQL`);
  return { ...out, gen };
}

/** lost: answered 200 but not stored; duplicated: stored more than once (per id). */
async function reconcile(client, sql, params, accepted) {
  const { rows } = await client.query(sql, params);
  const counts = new Map(rows.map((r) => [r.id, Number(r.n)]));
  let lost = 0;
  for (const id of accepted) if (!counts.has(id)) lost++;
  let duplicated = 0;
  for (const n of counts.values()) if (n > 1) duplicated += n - 1;
  return { stored: counts.size, lost, duplicated };
}

/**
 * The production build of the checkout in .next-bench (reused while newer than
 * the sources). Built in two steps, compile then generate, which is `next build`
 * without its type-check stage: type errors are CI's business (npm run
 * typecheck), and a teammate's half-finished file must not stop a measurement.
 */
async function buildSotto(env) {
  const distDir = ".next-bench";
  if (isBuildFresh(distDir, env.SOTTO_ENV)) return log(`  ${distDir} is newer than the sources; reusing it`);
  if (process.env.BENCH_REUSE_BUILD === "1" && fs.existsSync(path.join(ROOT, distDir, "BUILD_ID"))) return log(`  BENCH_REUSE_BUILD=1: reusing ${distDir} as built`);
  const tsconfig = path.join(ROOT, "tsconfig.json");
  const before = fs.readFileSync(tsconfig, "utf8");
  try {
    for (const mode of ["compile", "generate"]) await run(bin("next"), ["build", `--experimental-build-mode=${mode}`], { env: { ...env, NEXT_DIST_DIR: distDir } });
  } finally {
    // next build adds its dist folder's types to tsconfig.json; the checkout keeps its own.
    if (fs.readFileSync(tsconfig, "utf8") !== before) fs.writeFileSync(tsconfig, before);
  }
  fs.writeFileSync(path.join(ROOT, distDir, "sotto-build.json"), JSON.stringify({ sottoEnv: env.SOTTO_ENV, builtAt: new Date().toISOString() }));
}

function fakeInngest() {
  const state = { events: 0, ids: new Set(), repeated: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const events = JSON.parse(Buffer.concat(chunks).toString("utf8") || "[]");
      for (const e of events) {
        state.events++;
        if (state.ids.has(e.id)) state.repeated++;
        state.ids.add(e.id);
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ids: events.map((e) => e.id), status: 200 }));
    });
  });
  return { state, server };
}

function writeDoc(result) {
  const s = result.sotto;
  const rows = [
    ["Sotto (`/api/webhooks/meta`, production build)", s],
    ["N: minimal Next.js route handler", result.baselines.next],
    ["B: bare `node:http` + `pg`", result.baselines.node],
  ];
  const fmt = (v) => (v === undefined || v === null ? "–" : String(v));
  const table = [
    "| server | accepted/s (median round) | every round | p50 ms | p99 ms | CPU ms/request (server + PostgreSQL) | non-2xx | client timeouts (10 s) | lost | duplicated |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      ([label, r]) =>
        `| ${label} | ${fmt(r?.accepted_per_s)} | ${r?.rounds ? r.rounds.map((x) => x.accepted_per_s).join(", ") : "–"} | ${fmt(r?.p50_ms)} | ${fmt(r?.p99_ms)} | ${r?.cpu_ms_per_request ? `${fmt(r.cpu_ms_per_request.total)} (${fmt(r.cpu_ms_per_request.server)} + ${fmt(r.cpu_ms_per_request.db)})` : "–"} | ${fmt(r?.non_2xx)} | ${fmt(r?.timeouts)} | ${fmt(r?.lost)} | ${fmt(r?.duplicated)} |`,
    ),
  ].join("\n");
  const goals = result.ratios
    ? `Sotto / N = **${result.ratios.sotto_over_next ?? "–"}** (goal ≥ 0.8), Sotto / B = **${result.ratios.sotto_over_node ?? "–"}** (goal ≥ 0.2), p99 = **${fmt(s?.p99_ms)} ms** (goal ≤ 250 ms).`
    : "";
  const section = [
    "<!-- webhooks:begin (written by npm run bench:webhooks) -->",
    `Run ${result.ran_at} on ${result.machine.cpus} × ${result.machine.cpu} (${result.machine.memory_gb} GB), Node ${result.machine.node}, PostgreSQL and Redis on the same host; ${result.config.connections} connections, ${result.config.rounds ?? 1} rounds of ${result.config.duration_s} s per server (taken in turns), ${Math.round(result.config.duplicate_ratio * 100)} % repeated deliveries, Redis rate limits: ${result.config.redis ? "yes" : "no (in-memory)"}. 1-minute load average during the runs: Sotto ${fmt(s?.load_avg_1m)}, N ${fmt(result.baselines.next?.load_avg_1m)}, B ${fmt(result.baselines.node?.load_avg_1m)} (a load far above the core count means other work shared the machine and the absolute numbers are low).`,
    "",
    table,
    "",
    goals,
    "",
    "CPU time per request (user + system of the server's process tree and of the PostgreSQL backends serving the bench database, over the measured window; Redis not included) does not depend on what else runs on the machine, unlike throughput: on a machine shared with other work, compare these.",
    "",
    `Floor of the same Sotto server: \`GET /api/health\` (no database, no body, but through the app's proxy) answers ${fmt(s?.health_floor?.per_s)} req/s, p50 ${fmt(s?.health_floor?.p50_ms)} ms.`,
    "",
    `After the Sotto run: ${fmt(s?.rows?.messages)} messages and ${fmt(s?.rows?.outbox)} outbox events stored for ${fmt(s?.unique_ids_accepted)} distinct deliveries answered 200 (the difference: deliveries still in flight when a round's load stopped, stored but never counted as answered); ${fmt(s?.relay?.events_sent)} \`message.received\` events reached the Inngest stand-in (${fmt(s?.relay?.repeated_ids)} repeated ids, ${fmt(s?.relay?.pending_after)} left pending). The messages were committed in ${fmt(s?.rows?.message_transactions)} transactions (group commit: ${s?.rows?.message_transactions ? (s.rows.messages / s.rows.message_transactions).toFixed(1) : "?"} new messages per commit on average).`,
    "<!-- webhooks:end -->",
  ].join("\n");
  let doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, "utf8") : "";
  if (!doc.trim()) {
    doc = [
      "# Benchmarks",
      "",
      "Performance is measured by benchmarks in `bench/`, never by timed tests. Each benchmark writes its raw",
      "numbers to `bench/results/*.json` and its summary here. Numbers depend on the machine: compare runs",
      "on the same machine, and compare Sotto with the baselines measured in the same run.",
      "",
    ].join("\n");
  }
  const block = [
    "## Webhook accept path (`npm run bench:webhooks`)",
    "",
    "Signed WhatsApp Cloud API deliveries (one text message each, 20 % repeated as provider retries) against the",
    "production build of Sotto, and two baselines doing only the unavoidable work (read body, HMAC-SHA256 check,",
    "one `INSERT … ON CONFLICT`): **N**, a minimal Next.js route handler (`bench/next-baseline`), and **B**, a bare",
    "`node:http` server (`bench/baseline-node.mjs`). Sotto runs as in production (`server/web.mjs`, which serves",
    "provider webhooks past Next's router) and does much more per delivery in its one SQL call: raw event with its",
    "data-subject keys, contact and identities, conversation, message (with its full-text index), counters, outbox",
    "event and delivery log, plus security headers, a Redis rate-limit check, a live-update publish, routing and",
    "the outbox relay to Inngest. Deliveries that arrive while others are being stored share that call's",
    "transaction (group commit, `lib/inbox/ingest-batch.ts`); B and N commit each delivery on its own, as their",
    "one statement needs nothing more. The three servers run side by side and are measured in turns, round after",
    "round; each one's median round is reported, next to every round.",
    "`lost` counts deliveries answered 200 but not stored, `duplicated` ids stored more than once.",
    "",
    section,
    "",
  ].join("\n");
  const re = /## Webhook accept path[\s\S]*?<!-- webhooks:end -->\n?/;
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}`;
  fs.writeFileSync(DOC, doc);
}

async function main() {
  const dbName = `sotto_bench_${randomBytes(4).toString("hex")}`;
  const ownerUrl = withDb(ADMIN_URL, dbName);
  const appUrl = appUrlFor(ownerUrl);
  log(`Database ${dbName}`);
  await admin(`CREATE DATABASE "${dbName}"`);
  onCleanup(() => admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  await run("npm", ["run", "--silent", "db:migrate"], { env: { ...process.env, DATABASE_URL: ownerUrl }, quiet: true });

  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  onCleanup(() => owner.end());
  ownerQuery = (sql) => owner.query(sql);
  const tenantId = `tbench${randomBytes(4).toString("hex")}`;
  const channelId = `chbench${randomBytes(4).toString("hex")}`;
  {
    const c = await owner.connect();
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await c.query(`INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES ($1, 'Bench', $1, now())`, [tenantId]);
    await c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", "updatedAt") VALUES ($1, $2, 'whatsapp', 'WhatsApp', $3, now())`, [channelId, tenantId, PHONE_NUMBER_ID]);
    await c.query("COMMIT");
    c.release();
    await owner.query(`CREATE TABLE bench_baseline_event (id text PRIMARY KEY, payload jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
    await owner.query(`GRANT SELECT, INSERT ON bench_baseline_event TO sotto_app`);
  }

  const result = {
    ran_at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model?.trim(), memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load_avg_1m_at_start: Math.round(os.loadavg()[0] * 10) / 10 },
    config: { connections: CONNECTIONS, duration_s: DURATION, rounds: ROUNDS, duplicate_ratio: DUPLICATE_RATIO, redis: Boolean(REDIS_URL), db_pool: DB_POOL },
    baselines: {},
  };
  const base = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete base.NODE_ENV;

  // All servers are started first and measured in turns (Sotto, N, B, Sotto, N, B, …): a virtual
  // machine's speed drifts by tens of percent within minutes, and turns spread that drift over all three.
  const servers = [];
  let sottoRelay = null;
  if (ONLY.has("sotto")) {
    const inngest = fakeInngest();
    const inngestPort = await freePort();
    await new Promise((r) => inngest.server.listen(inngestPort, "127.0.0.1", r));
    onCleanup(() => new Promise((r) => inngest.server.close(r)));
    sottoRelay = inngest.state;
    const port = await freePort();
    const env = {
      ...base,
      NODE_ENV: "production",
      SOTTO_ENV: "production",
      DATABASE_URL: ownerUrl,
      APP_DATABASE_URL: appUrl,
      APP_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      SOTTO_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      META_APP_SECRET: SECRET,
      META_VERIFY_TOKEN: "bench",
      INNGEST_BASE_URL: `http://127.0.0.1:${inngestPort}`,
      INNGEST_EVENT_KEY: "bench-event-key",
      INNGEST_SIGNING_KEY: `signkey-prod-${randomBytes(32).toString("hex")}`,
      // The per-channel budget (6000/min) is for production traffic; the benchmark measures throughput.
      RATE_LIMIT_SCALE: "1000",
      APP_DB_POOL_MAX: String(DB_POOL),
      ...(REDIS_URL ? { REDIS_URL } : {}),
    };
    if (!REDIS_URL) delete env.REDIS_URL;
    log("Sotto: next build → .next-bench");
    await buildSotto(env);
    log(`Sotto: server/web.mjs on ${port}`);
    // Profiling the server: BENCH_SOTTO_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof).
    const nodeArgs = (process.env.BENCH_SOTTO_NODE_ARGS || "").split(/\s+/).filter(Boolean);
    const server = await nextStart({ env, port, distDir: ".next-bench", host: "127.0.0.1", nodeArgs });
    servers.push({ key: "sotto", name: "Sotto", prefix: "sotto", port, url: `http://127.0.0.1:${port}/api/webhooks/meta`, pid: server.pid, stop: () => server.stop() });
  }
  if (ONLY.has("next")) {
    const dir = path.join(ROOT, "bench/next-baseline");
    const port = await freePort();
    const env = { ...base, NODE_ENV: "production", BENCH_DATABASE_URL: appUrl, BENCH_SECRET: SECRET, BENCH_DB_POOL: String(DB_POOL) };
    log("N: next build (bench/next-baseline)");
    // Build output inside the checkout would be seen by eslint and tsc: gone as soon as it is not needed.
    const removeBuild = () => fs.rmSync(path.join(dir, ".next-baseline"), { recursive: true, force: true });
    onCleanup(removeBuild);
    // Run from its own folder, so nothing of the main app (instrumentation.ts, proxy.ts) is picked up.
    await run(bin("next"), ["build", "--webpack"], { env, cwd: dir, quiet: true });
    const proc = start(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], { env, cwd: dir });
    await waitForHttp(`http://127.0.0.1:${port}/api/hook`, { timeoutMs: 90_000 });
    servers.push({ key: "next", name: "N", prefix: "next", url: `http://127.0.0.1:${port}/api/hook`, pid: proc.child.pid, stop: async () => (await proc.stop(), removeBuild()) });
  }
  if (ONLY.has("node")) {
    const port = await freePort();
    const proc = start(process.execPath, [path.join(ROOT, "bench/baseline-node.mjs")], { env: { ...base, PORT: String(port), BENCH_DATABASE_URL: appUrl, BENCH_SECRET: SECRET, BENCH_DB_POOL: String(DB_POOL) } });
    await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000 });
    servers.push({ key: "node", name: "B", prefix: "node", url: `http://127.0.0.1:${port}/`, pid: proc.child.pid, stop: () => proc.stop() });
  }

  for (const s of servers) await warmUp(s.name, s.url, s.prefix);
  // A live database has statistics (autovacuum analyses tables as they grow); this one was created
  // a minute ago. Without them every server's first plans are guesses for empty tables.
  await ownerQuery("ANALYZE");
  // Builds and warm-ups leave dirty pages and WAL behind; let the disk settle before the first round.
  await ownerQuery("CHECKPOINT");
  await new Promise((r) => setTimeout(r, 5000));
  const rounds = new Map(servers.map((s) => [s.key, []]));
  for (let r = 1; r <= ROUNDS; r++) {
    log(`Round ${r} of ${ROUNDS}`);
    for (const s of servers) rounds.get(s.key).push(await measure(s.name, s.url, `${s.prefix}.r${r}`, s.pid));
  }

  /** The round with the median throughput, with every round's figures beside it. */
  const summarise = (key) => {
    const all = rounds.get(key);
    const median = [...all].sort((a, b) => a.accepted_per_s - b.accepted_per_s)[Math.floor((all.length - 1) / 2)];
    const accepted = new Set(all.flatMap((m) => [...m.gen.accepted]));
    const { gen: _gen, ...rest } = median;
    return {
      summary: {
        ...rest,
        unique_ids_accepted: accepted.size,
        rounds: all.map((m) => ({ accepted_per_s: m.accepted_per_s, p50_ms: m.p50_ms, p99_ms: m.p99_ms, cpu_ms_per_request: m.cpu_ms_per_request.total, load_avg_1m: m.load_avg_1m })),
      },
      accepted,
    };
  };

  for (const s of servers) {
    if (s.key === "sotto") {
      // The same server's cheapest route (no database, no body): what the framework and the proxy cost per request here.
      const floor = await new Promise((resolve, reject) =>
        autocannon({ url: `http://127.0.0.1:${s.port}/api/health`, connections: CONNECTIONS, duration: Math.min(10, DURATION) }, (err, r) => (err ? reject(err) : resolve(r))),
      );
      log(`  Sotto /api/health: ${Math.round(floor.requests.average)} req/s, p50 ${floor.latency.p50} ms`);
      // Let the outbox relay catch up, then count.
      const pending = async () => Number((await owner.query(`SELECT count(*) FROM "OutboxEvent" WHERE "sentAt" IS NULL`)).rows[0].count);
      const until = Date.now() + 120_000;
      while ((await pending()) > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
      await s.stop();
      const { summary, accepted } = summarise("sotto");
      const c = await owner.connect();
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const rec = await reconcile(c, `SELECT "providerMessageId" AS id, count(*) AS n FROM "Message" WHERE "tenantId" = $1 AND "channelId" = $2 AND "providerMessageId" LIKE 'wamid.sotto.%' GROUP BY 1`, [tenantId, channelId], accepted);
      const rows = (
        await c.query(
          `SELECT (SELECT count(*) FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" LIKE 'wamid.sotto.%') AS messages,
                  (SELECT count(DISTINCT xmin::text) FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" LIKE 'wamid.sotto.%') AS message_transactions,
                  (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = $1 AND "eventId" LIKE '%:wamid.sotto.%') AS outbox,
                  (SELECT count(*) FROM "WebhookEvent" WHERE "tenantId" = $1 AND "eventKey" LIKE 'wa:msg:wamid.sotto.%') AS webhook_events,
                  (SELECT count(*) FROM "Conversation" WHERE "tenantId" = $1) AS conversations,
                  (SELECT count(*) FROM "Contact" WHERE "tenantId" = $1) AS contacts`,
          [tenantId],
        )
      ).rows[0];
      await c.query("COMMIT");
      c.release();
      result.sotto = {
        ...summary,
        ...rec,
        rows: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Number(v)])),
        health_floor: { per_s: Math.round(floor.requests.average), p50_ms: floor.latency.p50, p99_ms: floor.latency.p99 },
        relay: { events_sent: [...sottoRelay.ids].filter((id) => id.includes(":wamid.sotto.")).length, repeated_ids: sottoRelay.repeated, pending_after: await pending() },
      };
      result.accepted_per_s = summary.accepted_per_s;
      result.p50_ms = summary.p50_ms;
      result.p99_ms = summary.p99_ms;
      result.lost = rec.lost;
      result.duplicated = rec.duplicated + Math.max(0, result.sotto.rows.outbox - result.sotto.rows.messages);
    } else {
      await s.stop();
      const { summary, accepted } = summarise(s.key);
      const rec = await reconcile(owner, `SELECT id, 1 AS n FROM bench_baseline_event WHERE id LIKE 'wamid.${s.prefix}.%'`, [], accepted);
      result.baselines[s.key] = { ...summary, ...rec };
      result[s.key === "next" ? "baseline_next_per_s" : "baseline_node_per_s"] = summary.accepted_per_s;
    }
  }

  result.machine.load_avg_1m_at_end = Math.round(os.loadavg()[0] * 10) / 10;
  const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
  result.ratios = { sotto_over_next: ratio(result.accepted_per_s, result.baseline_next_per_s), sotto_over_node: ratio(result.accepted_per_s, result.baseline_node_per_s) };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  writeDoc(result);
  log(`\nWrote ${path.relative(ROOT, RESULTS)} and ${path.relative(ROOT, DOC)}`);
  log(JSON.stringify({ accepted_per_s: result.accepted_per_s, p50_ms: result.p50_ms, p99_ms: result.p99_ms, baseline_next_per_s: result.baseline_next_per_s, baseline_node_per_s: result.baseline_node_per_s, lost: result.lost, duplicated: result.duplicated, ratios: result.ratios }, null, 2));
}

if (process.argv.includes("--doc-only")) {
  // Rewrites the docs/BENCHMARKS.md section from the last results file, without measuring.
  writeDoc(JSON.parse(fs.readFileSync(RESULTS, "utf8")));
  process.exit(0);
}

// Ctrl+C or a SIGTERM (a CI timeout, bench/run.mjs forwarding one) stops the servers and drops the throwaway database.
installSignalHandlers();
try {
  await main();
} catch (error) {
  // Stopping by a signal ends the pools and servers under a running round: that is not a failure to report.
  if (!isShuttingDown()) console.error(error);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
