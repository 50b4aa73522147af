import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { OPTIONS as recordsOPTIONS, POST as recordsPOST } from "@/app/api/consent/records/route";
import { GET as receiptGET } from "@/app/api/consent/receipt/route";
import { GET as configGET } from "@/app/api/consent/config/route";
import { withTenant } from "@/lib/db/client";
import { appPool, asOwner, closeTestConnections, createTenantFixture, ownerPool } from "@/lib/testing/db";
import { ensureConsentConfig, publishConsentPolicy, setVendorWebhook } from "./admin";
import { defaultConsentPolicy } from "./default-policy";
import { policyFingerprint } from "./fingerprint";
import { ZConsentPolicy, type TConsentPolicyInput } from "./schemas";
import { CONSENT_CSV_HEADER, consentCsvStream } from "./export";
import { verifyConsentChain } from "./verify";
import { verifyWebhookSignature } from "./webhook";

// Webhook secrets are stored with the key ring; set before lib/env.ts parses the environment.
vi.hoisted(() => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", `k1:${Buffer.alloc(32, 9).toString("base64")}`);
});

/**
 * The consent API and chain on real PostgreSQL, through the route handlers as
 * Next calls them: proof that verifies, tampering that is detected, forged and
 * replayed records refused with nothing stored, receipts scoped to one visitor,
 * tenant isolation, and withdrawal webhooks to vendors.
 */
const SITE = "https://shop.example.com";
const BASE = "http://localhost:3000";
const actor = { userId: null, email: "test@fixture.test" };

function shopPolicy(): TConsentPolicyInput {
  const p = defaultConsentPolicy();
  p.categories.analytics.enabled = true;
  p.categories.analytics.vendors = [
    { id: "stats", name: "Stats Co", purposes: { en: "Counts visits.", it: "Conta le visite." }, cookies: [{ name: "_st*", domain: null, durationDays: 30 }], retentionDays: 60, privacyUrl: null },
  ];
  p.categories.advertising.enabled = true;
  p.categories.advertising.vendors = [
    { id: "ads", name: "Ads Co", purposes: { en: "Shows ads.", it: "Mostra annunci." }, cookies: [], retentionDays: null, privacyUrl: null },
  ];
  return p;
}

type TSite = { tenantId: string; key: string; fingerprint: string; version: number };

async function createSite(name: string): Promise<TSite> {
  const t = await createTenantFixture(name);
  const config = await withTenant(t.tenantId, (tx) => ensureConsentConfig(tx, t.tenantId, actor, {}, shopPolicy(), [SITE]));
  return { tenantId: t.tenantId, key: config.publicKey, fingerprint: config.fingerprint, version: config.policyVersion };
}

let ip = 0;
const freshIp = () => `203.0.113.${++ip % 250}`;
const cid = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
const NONE = { necessary: true, functional: false, analytics: false, advertising: false };
const ALL = { necessary: true, functional: false, analytics: true, advertising: true };

type TPost = { key?: string; origin?: string | null; body?: unknown; raw?: string; contentType?: string; ip?: string };
function post(site: TSite, o: TPost & { record?: Record<string, unknown> } = {}): Promise<Response> {
  const key = o.key ?? site.key;
  const headers = new Headers({ "x-forwarded-for": o.ip ?? freshIp(), "content-type": o.contentType ?? "application/json", "user-agent": "Mozilla/5.0 Firefox/133.0" });
  if (o.origin !== null) headers.set("origin", o.origin ?? SITE);
  const body = o.raw ?? JSON.stringify(o.body ?? { key, consentId: cid(), selections: ALL, method: "accept_all", fingerprint: site.fingerprint, policyVersion: site.version, ...o.record });
  return recordsPOST(new Request(`${BASE}/api/consent/records?key=${encodeURIComponent(key)}`, { method: "POST", headers, body }), {} as never);
}

const record = (site: TSite, consentId: string, selections: object, method: string, extra: object = {}) =>
  post(site, { record: { consentId, selections, method, ...extra } });

async function count(tenantId: string): Promise<number> {
  const { rows } = await ownerPool().query<{ n: string }>(`SELECT count(*) AS n FROM "ConsentRecord" WHERE "tenantId" = $1`, [tenantId]);
  return Number(rows[0]!.n);
}

let a: TSite;
let b: TSite;

beforeAll(async () => {
  a = await createSite("Consent A");
  b = await createSite("Consent B");
});

afterAll(async () => {
  await closeTestConnections();
});

describe("proof of consent", () => {
  it("appends records to a chain that verifies, and returns a receipt id", async () => {
    const site = await createSite("Chain");
    const id = cid();
    const r1 = await record(site, id, ALL, "accept_all");
    expect(r1.status).toBe(201);
    const body = await r1.json();
    expect(body).toMatchObject({ chainPosition: "1", withdrawn: [] });
    expect(r1.headers.get("access-control-allow-origin")).toBe(SITE);
    expect((await record(site, id, { ...ALL, advertising: false }, "withdraw")).status).toBe(201);
    expect((await record(site, cid(), NONE, "reject_all")).status).toBe(201);
    expect(await verifyConsentChain(site.tenantId)).toEqual({ ok: true, count: 3, headSeq: 3n });

    const stored = await asOwner({ tenantId: site.tenantId }, (c) => c.query(`SELECT method::text, withdrawn, country, "uaFamily", origin FROM "ConsentRecord" WHERE "tenantId" = $1 ORDER BY seq`, [site.tenantId]));
    expect(stored.rows[1]).toEqual({ method: "withdraw", withdrawn: ["advertising"], country: "unknown", uaFamily: "Firefox", origin: SITE });
    // No address is kept anywhere in the record.
    expect(JSON.stringify(stored.rows)).not.toContain("203.0.113");
  });

  it("re-sending the same choice returns the same receipt and stores nothing new", async () => {
    const id = cid();
    const first = await (await record(a, id, NONE, "reject_all")).json();
    const before = await count(a.tenantId);
    const again = await record(a, id, NONE, "reject_all");
    expect(again.status).toBe(200);
    expect((await again.json()).receiptId).toBe(first.receiptId);
    expect(await count(a.tenantId)).toBe(before);
  });

  it("detects a record edited in the database", async () => {
    const site = await createSite("Edited");
    for (let i = 0; i < 3; i++) await record(site, cid(), ALL, "accept_all");
    await asOwner({ tenantId: site.tenantId }, (c) =>
      c.query(`UPDATE "ConsentRecord" SET selections = $2 WHERE "tenantId" = $1 AND seq = 2`, [site.tenantId, JSON.stringify(NONE)]),
    );
    const v = await verifyConsentChain(site.tenantId);
    expect(v).toMatchObject({ ok: false, count: 1, brokenAt: { seq: 2n, reason: "hash_mismatch" } });
  });

  it("detects a record deleted from the middle or the end of the chain", async () => {
    const site = await createSite("Deleted");
    for (let i = 0; i < 3; i++) await record(site, cid(), ALL, "accept_all");
    await asOwner({ tenantId: site.tenantId }, (c) => c.query(`DELETE FROM "ConsentRecord" WHERE "tenantId" = $1 AND seq = 2`, [site.tenantId]));
    expect(await verifyConsentChain(site.tenantId)).toMatchObject({ ok: false, brokenAt: { seq: 3n, reason: "sequence_gap" } });

    const tail = await createSite("Tail");
    for (let i = 0; i < 2; i++) await record(tail, cid(), ALL, "accept_all");
    await asOwner({ tenantId: tail.tenantId }, (c) => c.query(`DELETE FROM "ConsentRecord" WHERE "tenantId" = $1 AND seq = 2`, [tail.tenantId]));
    expect(await verifyConsentChain(tail.tenantId)).toMatchObject({ ok: false, brokenAt: { seq: 2n, reason: "head_mismatch" } });
  });

  it("the app role can neither edit nor delete records", async () => {
    await record(a, cid(), ALL, "accept_all");
    const c = await appPool().connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [a.tenantId]);
      await expect(c.query(`UPDATE "ConsentRecord" SET method = 'reject_all' WHERE "tenantId" = $1`, [a.tenantId])).rejects.toThrow(/permission denied/);
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
  });
});

describe("forged records are refused and change nothing", () => {
  it.each([
    ["an unknown key", () => post(a, { key: "cpk_000000000000000000000000" }), 404, "unknown_key"],
    ["an origin the config does not allow", () => post(a, { origin: "https://evil.example" }), 403, "origin_not_allowed"],
    ["no origin at all", () => post(a, { origin: null }), 403, "origin_not_allowed"],
    ["a fingerprint of a policy never shown", () => post(a, { record: { fingerprint: "b".repeat(64) } }), 409, "stale_policy"],
    ["a category the policy does not know", () => post(a, { record: { selections: { ...ALL, telemetry: true }, method: "customize" } }), 400, "invalid_body"],
    ["a category the policy does not offer", () => post(a, { record: { selections: { ...NONE, functional: true }, method: "customize" } }), 400, "category_not_offered"],
    ["selections that contradict the method", () => post(a, { record: { selections: NONE, method: "accept_all" } }), 400, "method_mismatch"],
    ["a withdrawal of nothing", () => post(a, { record: { selections: NONE, method: "withdraw" } }), 400, "nothing_to_withdraw"],
    ["a body naming another key than the URL", () => post(a, { record: { key: b.key } }), 400, "key_mismatch"],
    ["malformed JSON", () => post(a, { raw: "{ not json" }), 400, "invalid_json"],
    ["a body over 8 KB", () => post(a, { raw: JSON.stringify({ pad: "x".repeat(9000) }) }), 413, "payload_too_large"],
    ["a form post", () => post(a, { contentType: "application/x-www-form-urlencoded", raw: "key=x" }), 415, "unsupported_media_type"],
  ])("%s", async (_label, send, status, error) => {
    const before = [await count(a.tenantId), await count(b.tenantId)];
    const res = await send();
    expect(res.status).toBe(status);
    expect((await res.json()).error).toBe(error);
    expect([await count(a.tenantId), await count(b.tenantId)]).toEqual(before);
  });

  it("a replayed consent id with an old fingerprint gets 409 with the current policy, and nothing is stored", async () => {
    const site = await createSite("Replay");
    const id = cid();
    await record(site, id, ALL, "accept_all");
    const published = await withTenant(site.tenantId, (tx) => publishConsentPolicy(tx, site.tenantId, shopPolicy(), actor));
    expect(published.fingerprint).not.toBe(site.fingerprint);
    const res = await record(site, id, ALL, "accept_all", { selections: NONE, method: "reject_all" });
    expect(res.status).toBe(409);
    expect((await res.json()).current).toEqual({ policyVersion: 2, fingerprint: published.fingerprint });
    expect(await count(site.tenantId)).toBe(1);
    // The server's fingerprint is its own: the same policy content yields the client's value.
    expect(policyFingerprint(ZConsentPolicy.parse(shopPolicy()), 2)).toBe(published.fingerprint);
  });

  it("an address that keeps posting is rate limited", async () => {
    const flood = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await post(a, { ip: flood, raw: "{}" })).status);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("preflight approves only the key's allowed origins", async () => {
    const pre = (origin: string, key = a.key) =>
      recordsOPTIONS(new Request(`${BASE}/api/consent/records?key=${key}`, { method: "OPTIONS", headers: { origin, "x-forwarded-for": freshIp() } }), {} as never);
    expect((await pre(SITE)).headers.get("access-control-allow-origin")).toBe(SITE);
    expect((await pre("https://evil.example")).status).toBe(403);
    expect((await pre(SITE, "cpk_000000000000000000000000")).status).toBe(403);
  });

  it("the config endpoint serves the policy to allowed origins only, with its fingerprint as ETag", async () => {
    const get = (origin?: string, etag?: string) =>
      configGET(new Request(`${BASE}/api/consent/config?key=${a.key}`, { headers: { ...(origin ? { origin } : {}), ...(etag ? { "if-none-match": etag } : {}), "x-forwarded-for": freshIp() } }), {} as never);
    const ok = await get(SITE);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SITE);
    expect((await ok.json()).fingerprint).toBe(a.fingerprint);
    expect((await get("https://evil.example")).status).toBe(403);
    expect((await get(SITE, `"${a.fingerprint}"`)).status).toBe(304);
  });
});

describe("receipts and isolation", () => {
  it("a receipt holds only that visitor's records, with hashes and chain positions", async () => {
    const mine = cid();
    const theirs = cid();
    await record(a, mine, ALL, "accept_all");
    await record(a, theirs, NONE, "reject_all");
    await record(a, mine, { ...ALL, analytics: false }, "withdraw");
    const get = (key: string, consentId: string) =>
      receiptGET(new Request(`${BASE}/api/consent/receipt?key=${key}&consentId=${consentId}`, { headers: { origin: SITE, "x-forwarded-for": freshIp() } }), {} as never);
    const res = await get(a.key, mine);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const receipt = await res.json();
    expect(receipt.records.map((r: { method: string }) => r.method)).toEqual(["accept_all", "withdraw"]);
    expect(receipt.records.every((r: { consentId: string; intact: boolean; hash: string }) => r.consentId === mine && r.intact && /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    expect(Number(receipt.records[1].chainPosition)).toBeGreaterThan(Number(receipt.records[0].chainPosition));
    expect(receipt.records[1].prevHash).not.toBe(receipt.records[0].hash); // another visitor's record sits between them
    expect(receipt.policies).toEqual([expect.objectContaining({ version: 1, fingerprint: a.fingerprint })]);
    expect(JSON.stringify(receipt)).not.toContain(theirs);
    // Another tenant's key finds nothing for this visitor.
    expect((await get(b.key, mine)).status).toBe(404);
  });

  it("a malformed receipt query gets 400 and an unknown visitor 404, with nothing revealed", async () => {
    const get = (query: string) => receiptGET(new Request(`${BASE}/api/consent/receipt?${query}`, { headers: { origin: SITE, "x-forwarded-for": freshIp() } }), {} as never);
    for (const query of [`key=${a.key}`, `key=${a.key}&consentId=short`, `key=${a.key}&consentId=${"x".repeat(65)}`, `key=not-a-key&consentId=${cid()}`, `consentId=${cid()}`]) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect((await res.json()).error, query).toMatch(/^invalid_/);
    }
    const unknown = await get(`key=${a.key}&consentId=${cid()}`);
    expect(unknown.status).toBe(404);
  });

  it("tenant B's context sees none of A's records, configs or deliveries", async () => {
    await record(a, cid(), ALL, "accept_all");
    const c = await appPool().connect();
    try {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [b.tenantId]);
      const seen = await c.query(`SELECT count(*)::int AS n FROM "ConsentRecord" WHERE "tenantId" = $1`, [a.tenantId]);
      const configs = await c.query(`SELECT count(*)::int AS n FROM "ConsentConfig" WHERE "tenantId" = $1`, [a.tenantId]);
      expect(seen.rows[0].n).toBe(0);
      expect(configs.rows[0].n).toBe(0);
      await expect(
        c.query(`INSERT INTO "ConsentRecord" (id, "tenantId", seq, "consentId", "policyVersion", fingerprint, method, selections, locale, origin, country, "uaFamily", "prevHash", hash) VALUES ('x', $1, 0, 'c', 1, 'f', 'accept_all', '{}', 'en', 'o', 'IT', 'Chrome', '', '')`, [a.tenantId]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
  });
});

describe("consent log export", () => {
  const readAll = async (stream: ReadableStream<Uint8Array>) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());

  it("streams the tenant's whole log in batches, newest first, one row per record and nothing of another tenant", async () => {
    const site = await createSite("Export");
    const ids = [cid(), cid(), cid()];
    await record(site, ids[0]!, ALL, "accept_all");
    await record(site, ids[1]!, NONE, "reject_all");
    await record(site, ids[0]!, { ...ALL, advertising: false }, "withdraw");
    await record(site, ids[2]!, ALL, "accept_all");
    await record(b, cid(), ALL, "accept_all");

    const text = await readAll(consentCsvStream(site.tenantId, {}, 2));
    expect(text.startsWith(`\uFEFF${CONSENT_CSV_HEADER.join(",")}\r\n`)).toBe(true);
    const rows = text.slice(1).trimEnd().split("\r\n").slice(1).map((line) => line.split(","));
    // Batches of two: the cursor moves past each page without skipping or repeating a record.
    expect(rows.map((r) => r[0])).toEqual(["4", "3", "2", "1"]);
    expect(rows.map((r) => r[4])).toEqual(["accept_all", "withdraw", "reject_all", "accept_all"]);
    expect(rows[1]!.slice(5, 9)).toEqual(["false", "true", "false", "advertising"]);
    // A consent id starting with "-" is written with csvCell's leading quote (a spreadsheet would read a formula).
    expect(rows.every((r) => r.length === CONSENT_CSV_HEADER.length && ids.includes(r[3]!.replace(/^'(?=[-])/, "")))).toBe(true);

    const only = await readAll(consentCsvStream(site.tenantId, { method: "withdraw" }));
    expect(only.trimEnd().split("\r\n")).toHaveLength(2);
  });
});

describe("withdrawal webhooks", () => {
  type THit = { vendor: string; signature: string | null; body: string };
  let server: http.Server;
  let url: string;
  const hits: THit[] = [];
  let statsAnswers: number[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const vendor = req.url!.slice(1);
        hits.push({ vendor, signature: req.headers["x-sotto-signature"] as string, body });
        res.writeHead(vendor === "stats" ? (statsAnswers.shift() ?? 200) : 410).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const runner = await import("@/inngest/dev-runner");
    runner.setDevRunnerFunctions([]);
    runner.configureDevRunner({ backoffMs: 5, maxBackoffMs: 10 });
  });

  afterAll(async () => {
    (await import("@/inngest/dev-runner")).setDevRunnerFunctions(undefined);
    await new Promise((r) => server.close(r));
  });

  it("signs one POST per vendor of the withdrawn categories; retries transient failures, marks permanent ones failed", async () => {
    const site = await createSite("Hooks");
    const secrets = await withTenant(site.tenantId, async (tx) => ({
      stats: (await setVendorWebhook(tx, site.tenantId, { vendorId: "stats", url: `${url}/stats`, rotateSecret: false }, actor)).secret!,
      ads: (await setVendorWebhook(tx, site.tenantId, { vendorId: "ads", url: `${url}/ads`, rotateSecret: false }, actor)).secret!,
    }));
    const id = cid();
    await record(site, id, ALL, "accept_all");
    const w = await (await record(site, id, NONE, "withdraw")).json();
    expect(w.withdrawn).toEqual(["analytics", "advertising"]);

    const queued = await asOwner({ tenantId: site.tenantId }, (c) =>
      c.query(`SELECT "vendorId", status::text, categories FROM "ConsentWebhookDelivery" WHERE "tenantId" = $1 ORDER BY "vendorId"`, [site.tenantId]),
    );
    expect(queued.rows).toEqual([
      { vendorId: "ads", status: "pending", categories: ["advertising"] },
      { vendorId: "stats", status: "pending", categories: ["analytics"] },
    ]);
    const outbox = await asOwner({ tenantId: site.tenantId }, (c) => c.query(`SELECT name, data FROM "OutboxEvent" WHERE "tenantId" = $1`, [site.tenantId]));
    expect(outbox.rows).toEqual([{ name: "consent.withdrawn", data: { tenantId: site.tenantId, recordId: w.receiptId } }]);

    statsAnswers = [503, 200];
    const { runFunction } = await import("@/inngest/dev-runner");
    const { propagateConsentWithdrawal } = await import("@/inngest/functions/propagate-consent-withdrawal");
    const run = await runFunction(propagateConsentWithdrawal as never, { name: "consent.withdrawn", data: { tenantId: site.tenantId, recordId: w.receiptId } });
    expect(run.status).toBe("failed"); // ads answered 410: permanent

    const rows = await asOwner({ tenantId: site.tenantId }, (c) =>
      c.query(`SELECT "vendorId", status::text, attempts, "lastStatus", "lastError" FROM "ConsentWebhookDelivery" WHERE "tenantId" = $1 ORDER BY "vendorId"`, [site.tenantId]),
    );
    expect(rows.rows).toEqual([
      { vendorId: "ads", status: "failed", attempts: 1, lastStatus: 410, lastError: "HTTP 410 (not retried)" },
      // The attempt counter also counts a claim that lost a race to a concurrent
      // runner; the vendor-side hit count below is the exact check.
      { vendorId: "stats", status: "delivered", attempts: expect.any(Number), lastStatus: 200, lastError: null },
    ]);

    const statsHits = hits.filter((h) => h.vendor === "stats");
    expect(statsHits).toHaveLength(2);
    const last = statsHits.at(-1)!;
    expect(verifyWebhookSignature(secrets.stats, last.signature, last.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature(secrets.ads, last.signature, last.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({ type: "consent.withdrawn", receiptId: w.receiptId, consentId: id, vendor: "stats", categories: ["analytics"] });
  });
});
