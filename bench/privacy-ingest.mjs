// Steady webhook ingestion for bench/privacy.mjs, in its own process so its
// latencies are not those of the purge's event loop. Started with tsx by the
// parent; controlled over IPC:
//   { cmd: "start", label }  begin calling Sotto's real ingestInbound (the
//                            webhook accept path's one SQL call) RATE times a
//                            second, open loop: a slow call never delays the next;
//   { cmd: "stop" }          wait for calls in flight, answer { label, stats }.
// Deliveries are shaped as the WhatsApp webhook normalises them, spread over
// the benchmark's tenants, 200 returning contacts per tenant.
import { register } from "node:module";

register(`data:text/javascript,${encodeURIComponent(`export async function resolve(s, c, next) {
  if (s === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(s, c);
}`)}`);

const RATE = Number(process.env.BENCH_INGEST_RATE || 25);
const TENANTS = JSON.parse(process.env.BENCH_TENANTS);
const { ingestInbound } = await import("../lib/inbox/ingest.ts");

let n = 0;
let timer = null;
let label = "";
let samples = [];
let errors = 0;
let firstError = null;
const inflight = new Set();

function call() {
  const i = n++;
  const t = TENANTS[i % TENANTS.length];
  const who = `3935${String((i * 7919) % 200).padStart(8, "0")}`;
  const id = `wamid.ingest.${process.pid}.${i}`;
  const started = performance.now();
  const p = ingestInbound(
    {
      tenantId: t.tenantId,
      channelId: t.channelId,
      channelType: "whatsapp",
      contact: { identities: [{ kind: "wa_id", value: who }, { kind: "phone", value: `+${who}` }], name: `Customer ${who.slice(-3)}`, phone: `+${who}` },
      providerMessageId: id,
      kind: "text",
      text: `Ciao, ordine ${i}: è già partito? 📦`,
      raw: { provider: "meta", eventKey: `wa:msg:${id}`, payload: { object: "whatsapp_business_account", entry: [{ changes: [{ value: { messages: [{ from: who, id, type: "text", text: { body: `Ciao, ordine ${i}` } }] } }] }] } },
    },
    { logHttpStatus: 200 },
  )
    .then(() => samples.push(performance.now() - started))
    .catch((e) => {
      errors++;
      firstError ??= String(e);
    })
    .finally(() => inflight.delete(p));
  inflight.add(p);
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f) => (s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil(f * s.length) - 1)] * 10) / 10 : null);
  return { calls: s.length, p50_ms: q(0.5), p95_ms: q(0.95), p99_ms: q(0.99), max_ms: q(1) };
}

process.on("message", async (msg) => {
  if (msg.cmd === "start") {
    label = msg.label;
    samples = [];
    errors = 0;
    firstError = null;
    const startedAt = performance.now();
    let due = 0;
    // Catch up on missed ticks, so a busy event loop does not lower the rate.
    timer = setInterval(() => {
      const target = Math.floor(((performance.now() - startedAt) / 1000) * RATE);
      while (due < target) {
        due++;
        call();
      }
    }, 5);
    process.send({ started: label });
  } else if (msg.cmd === "stop") {
    clearInterval(timer);
    await Promise.allSettled([...inflight]);
    process.send({ label, rate_per_s: RATE, errors, first_error: firstError, ...stats(samples) });
  } else if (msg.cmd === "exit") {
    process.exit(0);
  }
});
process.send({ ready: true });
