import { createHmac, timingSafeEqual } from "node:crypto";
import pg from "pg";

const pool = (globalThis.benchPool ??= new pg.Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: Number(process.env.BENCH_DB_POOL || 10) }));

export async function POST(request) {
  const raw = Buffer.from(await request.arrayBuffer());
  if (raw.length > 1024 * 1024) return new Response(null, { status: 413 });
  const expected = Buffer.from(`sha256=${createHmac("sha256", process.env.BENCH_SECRET).update(raw).digest("hex")}`);
  const got = Buffer.from(request.headers.get("x-hub-signature-256") ?? "");
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return new Response(null, { status: 401 });
  const body = JSON.parse(raw.toString("utf8"));
  const id = body.entry[0].changes[0].value.messages[0].id;
  await pool.query("INSERT INTO bench_baseline_event (id, payload) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", [id, raw.toString("utf8")]);
  return Response.json({ ok: true });
}
