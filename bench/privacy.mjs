#!/usr/bin/env node
// Privacy Center benchmark (npm run bench:privacy). Not a test.
//
// Runs Sotto's real code paths, as the application role under RLS, against a
// database of its own:
//   Purge  1,000,000 expired messages across 100 tenants through purgeTenant
//          (lib/retention/purge.ts, PURGE_PARALLEL_TENANTS at a time, as the
//          nightly cron's parallel steps run them: one), while a separate process ingests webhook deliveries at a
//          steady rate through ingestInbound (bench/privacy-ingest.mjs).
//          Two passes, as in production: at T the expired rows are hidden (the
//          tenant's retention watermark, enforced by RLS),
//          at T + 31 days (past the grace period) they are physically deleted
//          with their attachments. rows_per_s counts messages over both passes
//          (a message is purged once it is gone); each pass is reported too.
//          Ingestion p99 is measured idle first, then during both passes.
//   DSR    export of one contact with 10,000 messages among 10,000,000 through
//          the fulfilment units the privacy-fulfil Inngest function runs
//          (prepare, one export step per registered store, assemble the zip,
//          complete), then erasure of the same contact (prepare, one erase step
//          per store, complete). Measured before the purge, with nothing else
//          running.
// Results: bench/results/purge.json, bench/results/dsr.json and the "Privacy"
// section of docs/BENCHMARKS.md.
//
// Data is generated set-based (bench/lib/privacy-data.mjs) once into a template
// database per scale (sotto_bench_privacy_tpl_<scale>); each run copies it
// (CREATE DATABASE … TEMPLATE), migrates the copy and drops it afterwards.
//
// Options: --scale=0.01 (quick smoke run; 1 = the issue's sizes), --rebuild
// (regenerate the template), --only=dsr,purge, --doc-only (rewrite the docs
// section from the results files). Knobs: BENCH_INGEST_RATE (deliveries/s, 25),
// BENCH_IDLE_SECONDS (30), BENCH_ADMIN_DATABASE_URL.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ROOT, bin, run, onCleanup, runCleanups, log, installSignalHandlers, isShuttingDown } from "../scripts/lib/proc.mjs";
import { cpuMeter } from "./lib/privacy-cpu.mjs";
import { generate, plan, SUBJECT, TENANTS, tenantId, channelId } from "./lib/privacy-data.mjs";

register(`data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) {
  if (s === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(s, c);
}`)}`);

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const SCALE = Number(arg("scale") ?? 1);
const ONLY = new Set((arg("only") ?? "dsr,purge").split(","));
const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const IDLE_S = Number(process.env.BENCH_IDLE_SECONDS || 30);
const RATE = Number(process.env.BENCH_INGEST_RATE || 25);
const PURGE_RESULTS = path.join(ROOT, "bench/results/purge.json");
const DSR_RESULTS = path.join(ROOT, "bench/results/dsr.json");
const DOC = path.join(ROOT, "docs/BENCHMARKS.md");
const GRACE_DAYS = 31;
/** application_name of the benchmark's own app connections (its CPU is measured through it). */
const APP_NAME = "bench_privacy_app";

const withDb = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const appUrlFor = (url) => Object.assign(new URL(url), { username: "sotto_app", password: "" }).toString();
const load1 = () => Math.round(os.loadavg()[0] * 10) / 10;
const ms = (t) => Math.round(performance.now() - t);

async function admin(sql) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The template database of this scale, built when missing (or with --rebuild). */
async function template(p) {
  const name = `sotto_bench_privacy_tpl_${String(SCALE).replace(".", "_")}`;
  const exists = (await admin(`SELECT 1 FROM pg_database WHERE datname = '${name}'`)).rowCount > 0;
  if (exists && !process.argv.includes("--rebuild")) {
    const c = new pg.Client({ connectionString: withDb(ADMIN_URL, name) });
    await c.connect();
    const ok = await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'bench_privacy_meta'`).then((r) => r.rowCount > 0);
    await c.end();
    if (ok) {
      log(`Template ${name} exists; reusing it (--rebuild to regenerate)`);
      return name;
    }
  }
  if (exists) await admin(`DROP DATABASE "${name}" WITH (FORCE)`);
  log(`Building template ${name}: ${p.total.toLocaleString("en")} messages`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = withDb(ADMIN_URL, name);
  await run("npm", ["run", "--silent", "db:migrate"], { env: { ...process.env, DATABASE_URL: url }, quiet: true });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await generate((sql) => c.query(sql), p, log);
    await c.query(`CREATE TABLE bench_privacy_meta AS SELECT ${SCALE}::float AS scale, now() AS built_at`);
  } finally {
    await c.end();
  }
  return name;
}

function ingester(env) {
  const child = fork(path.join(ROOT, "bench/privacy-ingest.mjs"), [], {
    execPath: bin("tsx"),
    env: { ...env, APP_DATABASE_URL: env.APP_DATABASE_URL.replace(APP_NAME, "bench_privacy_ingest"), BENCH_INGEST_RATE: String(RATE), BENCH_TENANTS: JSON.stringify(Array.from({ length: TENANTS }, (_, t) => ({ tenantId: tenantId(t), channelId: channelId(t) }))) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // Before the database is dropped (cleanups run last-in first-out).
  onCleanup(async () => {
    if (child.connected) child.send({ cmd: "exit" });
    await exited;
  });
  const next = () => new Promise((resolve) => child.once("message", resolve));
  const ready = next();
  return {
    ready,
    async start(label) {
      const m = next();
      child.send({ cmd: "start", label });
      await m;
    },
    async stop() {
      const m = next();
      child.send({ cmd: "stop" });
      return m;
    },
  };
}

async function dsr(mods, owner) {
  const { prepareFulfilment, exportStore, assembleExport, eraseStore, completeRequest } = mods.fulfil;
  const tid = tenantId(0);
  const request = async (type) => {
    const id = `bpr${type}${randomBytes(4).toString("hex")}`;
    await owner.query(
      `INSERT INTO "PrivacyRequest" (id, "tenantId", type, status, "handleHash", "identityKind", "identityValue", "contactIds", "verifiedAt", "dueAt", "decidedAt", "updatedAt")
       VALUES ($1, $2, $3, 'processing', $1, 'phone', $4, ARRAY[$5], now(), now() + interval '30 days', now(), now())`,
      [id, tid, type, SUBJECT.phone, SUBJECT.contactId],
    );
    return id;
  };
  const counts = (await owner.query(`SELECT (SELECT count(*) FROM "Message")::int AS total,
      (SELECT count(*) FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" WHERE c."contactId" = $1)::int AS subject`, [SUBJECT.contactId])).rows[0];

  // Access: the privacy-fulfil function's steps, in order, without Inngest between them.
  const accessId = await request("access");
  // A fulfilment worker is a long-running process: its Prisma engine and pool are up before a request arrives.
  await mods.db.withTenant(tid, (tx) => tx.$queryRaw`SELECT 1`);
  const load_before = load1();
  const cpu = cpuMeter(owner, APP_NAME);
  await cpu.start();
  let t = performance.now();
  const steps = {};
  const plan = await prepareFulfilment(tid, accessId);
  for (const store of plan.stores) {
    const s = performance.now();
    await exportStore(tid, accessId, plan.exportId, store, { trackProgress: true });
    steps[store] = ms(s);
  }
  let s = performance.now();
  const assembled = await assembleExport(tid, accessId, plan.exportId);
  steps["assemble-export"] = ms(s);
  await completeRequest(tid, accessId);
  const export_ms = ms(t);
  const export_cpu = await cpu.stop();
  log(`  export: ${export_ms} ms, zip ${Math.round(assembled.bytes / 1024)} KiB, messages ${assembled.rowCounts.messages}`);

  const erasureId = await request("erasure");
  await cpu.start();
  t = performance.now();
  const eraseSteps = {};
  const eplan = await prepareFulfilment(tid, erasureId);
  for (const store of eplan.stores) {
    s = performance.now();
    await eraseStore(tid, erasureId, store);
    eraseSteps[store] = ms(s);
  }
  const done = await completeRequest(tid, erasureId);
  const erase_ms = ms(t);
  const erase_cpu = await cpu.stop();
  const erased = Object.fromEntries(done.report.stores.map((x) => [x.name, x.deleted + x.anonymised]));
  log(`  erasure: ${erase_ms} ms, deleted ${JSON.stringify(erased)}`);
  const left = (await owner.query(`SELECT count(*)::int AS n FROM "Message" WHERE "conversationId" LIKE 'bvsubj%'`)).rows[0].n;
  return {
    ran_at: new Date().toISOString(),
    scale: SCALE,
    export_ms,
    erase_ms,
    messages_total: counts.total,
    messages_subject: counts.subject,
    goals: { export_ms: 2000, erase_ms: 10000 },
    export_cpu_ms: export_cpu,
    erase_cpu_ms: erase_cpu,
    export: { zip_bytes: assembled.bytes, row_counts: assembled.rowCounts, step_ms: steps },
    erasure: { erased, messages_left: left, step_ms: eraseSteps },
    load_avg_1m: { before: load_before, after: load1() },
  };
}

/**
 * Waits until the server has written out what earlier work dirtied (the 6 GB
 * copy of the template, or the purge just measured): a CHECKPOINT, then the
 * kernel's dirty and writeback pages under 64 MB (at most 120 s). Otherwise
 * an "idle" window measures that writeback's stalls, not idle ingestion.
 */
async function settle(owner) {
  const t = performance.now();
  await owner.query("CHECKPOINT");
  const dirtyMb = () => {
    try {
      const info = fs.readFileSync("/proc/meminfo", "utf8");
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(info)?.[1] ?? 0);
      return (kb("Dirty") + kb("Writeback")) / 1024;
    } catch {
      return 0; // not Linux: nothing to wait for
    }
  };
  while (dirtyMb() > 64 && performance.now() - t < 120_000) await new Promise((r) => setTimeout(r, 1000));
  log(`  settled in ${ms(t)} ms (dirty ${Math.round(dirtyMb())} MB)`);
}

/** Steady ingestion with nothing else of the benchmark running. */
async function measureIdle(ing, label) {
  log(`  ingestion ${label}: ${RATE}/s for ${IDLE_S} s`);
  const loads = [];
  const tick = setInterval(() => loads.push(load1()), 5000);
  await ing.start(label);
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const r = await ing.stop();
  clearInterval(tick);
  const load_avg_1m = loads.length ? Math.round((loads.reduce((a, b) => a + b, 0) / loads.length) * 10) / 10 : load1();
  log(`  ${label}: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms (${r.calls} calls, ${r.errors} errors), load ${load_avg_1m}`);
  return { ...r, load_avg_1m };
}

async function purge(mods, owner, p, ing) {
  const { purgeTenant, PURGE_PARALLEL_TENANTS } = mods.purge;
  await settle(owner);
  const idle = await measureIdle(ing, "idle-before");
  await settle(owner);
  // The data's times are relative to the database's UTC clock, the same instant as this one.
  const T = new Date();
  const expiredBefore = Number((await owner.query(`SELECT count(*) FROM "Message" WHERE "createdAt" < $1::timestamp - interval '24 months'`, [T.toISOString().slice(0, 19)])).rows[0].count);
  const loads = [];
  const tick = setInterval(() => loads.push(load1()), 5000);
  await ing.start("during");
  const passes = {};
  const cpu = cpuMeter(owner, APP_NAME);
  for (const [name, when] of [["soft", T], ["hard", new Date(T.getTime() + GRACE_DAYS * 86_400_000)]]) {
    await cpu.start();
    const t = performance.now();
    const totals = {};
    // PURGE_PARALLEL_TENANTS at a time, in chunks, as the cron's parallel steps run them.
    for (let i = 0; i < TENANTS; i += PURGE_PARALLEL_TENANTS) {
      const chunk = Array.from({ length: Math.min(PURGE_PARALLEL_TENANTS, TENANTS - i) }, (_, k) => tenantId(i + k));
      for (const r of await Promise.all(chunk.map((id) => purgeTenant(id, { at: when })))) {
        for (const c of Object.values(r.counts)) {
          for (const [stage, tables] of Object.entries(c)) for (const [table, n] of Object.entries(tables)) totals[`${stage}.${table}`] = (totals[`${stage}.${table}`] ?? 0) + n;
        }
      }
      const done = i + chunk.length;
      if (done % 25 === 0 || done === TENANTS) log(`    ${name}: ${done} tenants, ${Math.round(performance.now() - t)} ms`);
    }
    const msg = name === "soft" ? totals["softDeleted.Message"] ?? 0 : totals["physicallyDeleted.Message"] ?? 0;
    const wall = ms(t);
    const used = await cpu.stop();
    passes[name] = { ms: wall, messages: msg, rows_per_s: Math.round(msg / (wall / 1000)), cpu_ms: used, rows_per_cpu_s: Math.round(msg / (used.total_ms / 1000)), counts: totals };
    log(`  ${name} pass: ${msg} messages in ${wall} ms (${passes[name].rows_per_s}/s); CPU ${used.total_ms} ms (node ${used.node_ms}, PostgreSQL ${used.postgres_ms}): ${passes[name].rows_per_cpu_s} rows per CPU-second`);
  }
  const during = await ing.stop();
  clearInterval(tick);
  log(`  during: p50 ${during.p50_ms} ms, p99 ${during.p99_ms} ms (${during.calls} calls, ${during.errors} errors)`);
  await settle(owner);
  const idleAfter = await measureIdle(ing, "idle-after");
  // The stricter baseline of the two idle windows (the machine is shared: one of them may have caught someone else's load).
  const baseline = Math.min(idle.p99_ms, idleAfter.p99_ms);
  const left = Number((await owner.query(`SELECT count(*) FROM "Message" WHERE "createdAt" < $1::timestamp - interval '24 months'`, [T.toISOString().slice(0, 19)])).rows[0].count);
  const totalMs = passes.soft.ms + passes.hard.ms;
  const avg = (xs) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : load1());
  return {
    ran_at: new Date().toISOString(),
    scale: SCALE,
    tenants: TENANTS,
    messages_total: p.total,
    messages_expired: expiredBefore,
    messages_expired_left: left,
    rows_per_s: Math.round(passes.hard.messages / (totalMs / 1000)),
    rows_per_cpu_s: Math.round(passes.hard.messages / ((passes.soft.cpu_ms.total_ms + passes.hard.cpu_ms.total_ms) / 1000)),
    ingest_p99_idle_ms: baseline,
    ingest_p99_during_ms: during.p99_ms,
    ingest_p99_ratio: baseline ? Math.round((during.p99_ms / baseline) * 100) / 100 : null,
    goals: { rows_per_s: 50000, ingest_p99_ratio: 2 },
    passes,
    ingest: { rate_per_s: RATE, idle_before: idle, during, idle_after: idleAfter },
    load_avg_1m: { idle_before: idle.load_avg_1m, during: avg(loads), max_during: loads.length ? Math.max(...loads) : load1(), idle_after: idleAfter.load_avg_1m },
  };
}

function machine() {
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model?.trim(), memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

function writeDoc() {
  const purgeR = fs.existsSync(PURGE_RESULTS) ? JSON.parse(fs.readFileSync(PURGE_RESULTS, "utf8")) : null;
  const dsrR = fs.existsSync(DSR_RESULTS) ? JSON.parse(fs.readFileSync(DSR_RESULTS, "utf8")) : null;
  const fmt = (v) => (v === undefined || v === null ? "–" : typeof v === "number" ? v.toLocaleString("en") : String(v));
  const verdict = (ok) => (ok ? "met" : "**missed**");
  const lines = [
    "## Privacy: retention purge and data-subject requests (`npm run bench:privacy`)",
    "",
    "Sotto's real code paths as the application role under RLS (`bench/privacy.mjs`): `purgeTenant` of",
    "`lib/retention/purge.ts`, one tenant at a time as the nightly cron runs it (`PURGE_PARALLEL_TENANTS`), while a separate process calls",
    "`ingestInbound` (the webhook accept path's one SQL call) at a steady rate; and the fulfilment units the",
    "`privacy-fulfil` Inngest function runs, store by store, for an access export (zip of JSON + CSV) and an",
    "erasure. A purge is two passes, as in production: hiding when the period ends (the tenant's retention watermark, enforced by RLS), physical deletion",
    `${GRACE_DAYS} days later (past the grace period); \`rows_per_s\` counts each message once, over the time of both passes.`,
    "",
    "<!-- privacy:begin (written by npm run bench:privacy) -->",
  ];
  if (purgeR) {
    const m = purgeR.machine ?? {};
    lines.push(
      `Purge, run ${purgeR.ran_at} (scale ${purgeR.scale}) on ${fmt(m.cpus)} × ${m.cpu ?? "?"}, ${m.postgres ?? "PostgreSQL"} on the same host; 1-minute load average ${fmt(purgeR.load_avg_1m?.idle_before)} idle before, ${fmt(purgeR.load_avg_1m?.during)} during the purge (max ${fmt(purgeR.load_avg_1m?.max_during)}), ${fmt(purgeR.load_avg_1m?.idle_after)} idle after.`,
      "",
      "| measure | value | goal |",
      "| --- | ---: | --- |",
      `| expired messages purged (${purgeR.tenants} tenants, ${fmt(purgeR.messages_total)} messages in all) | ${fmt(purgeR.passes?.hard?.messages)} of ${fmt(purgeR.messages_expired)} | |`,
      `| rows/s, hiding + physical passes | ${fmt(purgeR.rows_per_s)} | ≥ 50,000: ${verdict(purgeR.rows_per_s >= 50000)} |`,
      `| rows/s, hiding pass alone | ${fmt(purgeR.passes?.soft?.rows_per_s)} | |`,
      `| rows/s, physical-deletion pass alone | ${fmt(purgeR.passes?.hard?.rows_per_s)} | |`,
      `| rows per CPU-second (purge process + its PostgreSQL backends), both passes | ${fmt(purgeR.rows_per_cpu_s)} | |`,
      `| rows per CPU-second, hiding / physical pass | ${fmt(purgeR.passes?.soft?.rows_per_cpu_s)} / ${fmt(purgeR.passes?.hard?.rows_per_cpu_s)} | |`,
      `| ingestion p99 idle (${purgeR.ingest?.rate_per_s}/s; before / after the purge, the lower one is the baseline) | ${fmt(purgeR.ingest?.idle_before?.p99_ms)} / ${fmt(purgeR.ingest?.idle_after?.p99_ms)} ms | |`,
      `| ingestion p99 during the purge | ${fmt(purgeR.ingest_p99_during_ms)} ms (× ${fmt(purgeR.ingest_p99_ratio)}) | ≤ 2 × idle: ${verdict(purgeR.ingest_p99_ratio !== null && purgeR.ingest_p99_ratio <= 2)} |`,
      "",
    );
  }
  if (dsrR) {
    const m = dsrR.machine ?? {};
    lines.push(
      `Data-subject request, run ${dsrR.ran_at} (scale ${dsrR.scale}) on ${fmt(m.cpus)} × ${m.cpu ?? "?"}, ${m.postgres ?? "PostgreSQL"}; 1-minute load average ${fmt(dsrR.load_avg_1m?.before)} before, ${fmt(dsrR.load_avg_1m?.after)} after.`,
      "",
      "| measure | value | goal |",
      "| --- | ---: | --- |",
      `| export of a contact with ${fmt(dsrR.messages_subject)} messages among ${fmt(dsrR.messages_total)} | ${fmt(dsrR.export_ms)} ms | < 2,000 ms: ${verdict(dsrR.export_ms < 2000)} |`,
      `| erasure of the same | ${fmt(dsrR.erase_ms)} ms | < 10,000 ms: ${verdict(dsrR.erase_ms < 10000)} |`,
      `| CPU time, export / erasure (Node + PostgreSQL backends) | ${fmt(dsrR.export_cpu_ms?.total_ms)} / ${fmt(dsrR.erase_cpu_ms?.total_ms)} ms | |`,
      "",
    );
  }
  lines.push("<!-- privacy:end -->", "");
  const block = lines.join("\n");
  let doc = fs.readFileSync(DOC, "utf8");
  const re = /## Privacy: retention purge[\s\S]*?<!-- privacy:end -->\n?/;
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}`;
  fs.writeFileSync(DOC, doc);
}

async function main() {
  const p = plan(SCALE);
  const tpl = await template(p);
  const dbName = `sotto_bench_privacy_${randomBytes(4).toString("hex")}`;
  log(`Database ${dbName} (copy of ${tpl})`);
  let t = performance.now();
  await admin(`CREATE DATABASE "${dbName}" TEMPLATE "${tpl}"`);
  onCleanup(() => admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  const ownerUrl = withDb(ADMIN_URL, dbName);
  await run("npm", ["run", "--silent", "db:migrate"], { env: { ...process.env, DATABASE_URL: ownerUrl }, quiet: true });
  log(`  copied and migrated in ${ms(t)} ms`);
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
  onCleanup(() => owner.end());
  await owner.query("ANALYZE");
  const pgVersion = (await owner.query("SHOW server_version")).rows[0].server_version;

  const env = { ...process.env, NODE_ENV: "production", DATABASE_URL: ownerUrl, APP_DATABASE_URL: `${appUrlFor(ownerUrl)}?application_name=${APP_NAME}`, SOTTO_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`, AUTH_SECRET: randomBytes(32).toString("base64"), LOG_LEVEL: "error" };
  delete env.REDIS_URL;
  Object.assign(process.env, env);
  const mods = { purge: await import("../lib/retention/purge.ts"), fulfil: await import("../lib/privacy/fulfil.ts"), db: await import("../lib/db/client.ts") };
  onCleanup(async () => {
    await mods.db.db().$disconnect();
    await mods.db.pool().end();
  });
  const info = { ...machine(), postgres: `PostgreSQL ${pgVersion}` };

  if (ONLY.has("dsr")) {
    log("DSR export and erasure");
    const r = { ...(await dsr(mods, owner)), machine: info };
    fs.writeFileSync(DSR_RESULTS, `${JSON.stringify(r, null, 2)}\n`);
  }
  if (ONLY.has("purge")) {
    log("Purge under steady ingestion");
    const ing = ingester(env);
    await ing.ready;
    const r = { ...(await purge(mods, owner, p, ing)), machine: info };
    fs.writeFileSync(PURGE_RESULTS, `${JSON.stringify(r, null, 2)}\n`);
  }
  writeDoc();
  log(`\nWrote ${ONLY.has("dsr") ? "bench/results/dsr.json " : ""}${ONLY.has("purge") ? "bench/results/purge.json " : ""}and docs/BENCHMARKS.md`);
}

if (process.argv.includes("--doc-only")) {
  writeDoc();
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
