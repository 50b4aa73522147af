// Baseline B for bench/webhooks.mjs: a bare node:http server doing what a webhook
// accept path minimally must do: read the raw body, check the HMAC-SHA256
// signature in constant time, and store the event with one INSERT … ON CONFLICT.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import pg from "pg";

const { PORT, BENCH_DATABASE_URL, BENCH_SECRET } = process.env;
const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: Number(process.env.BENCH_DB_POOL || 10) });
const LIMIT = 1024 * 1024;

http
  .createServer((req, res) => {
    if (req.method !== "POST") return res.writeHead(404).end();
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > LIMIT) req.destroy();
      else chunks.push(c);
    });
    req.on("end", async () => {
      try {
        const raw = Buffer.concat(chunks);
        const expected = Buffer.from(`sha256=${createHmac("sha256", BENCH_SECRET).update(raw).digest("hex")}`);
        const got = Buffer.from(String(req.headers["x-hub-signature-256"] ?? ""));
        if (got.length !== expected.length || !timingSafeEqual(got, expected)) return res.writeHead(401).end();
        const body = JSON.parse(raw.toString("utf8"));
        const id = body.entry[0].changes[0].value.messages[0].id;
        await pool.query("INSERT INTO bench_baseline_event (id, payload) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", [id, raw.toString("utf8")]);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      } catch {
        res.writeHead(500).end();
      }
    });
  })
  .listen(Number(PORT), "127.0.0.1", () => console.log(`baseline-node listening on ${PORT}`));
