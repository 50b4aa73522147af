import http from "node:http";
import type { AddressInfo } from "node:net";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { createSubject, latestMailTo, type TSubjectFixture } from "./testing/fixtures";

/**
 * Consent withdrawal through the privacy center: besides the opt-outs on every
 * channel, the withdrawal joins the consent chain as a `withdraw` record with
 * the banner's proof fields, reaches each configured vendor by signed webhook
 * like a banner withdrawal, and shows in the subject's later export.
 */
type TMods = typeof import("./portal") & typeof import("./admin") & typeof import("./download") & typeof import("./secrets") & typeof import("./fulfil") &
  typeof import("@/lib/db/client") & typeof import("@/inngest/dev-runner") & typeof import("@/lib/consent/admin") & typeof import("@/lib/consent/verify") &
  typeof import("@/lib/consent/default-policy") & typeof import("@/lib/consent/webhook") & typeof import("@/lib/inbox/outbox-relay") & typeof import("@/lib/env");
let m: TMods;
let t: TTenantFixture;
let s: TSubjectFixture;
let server: http.Server;
let hookUrl: string;
const hits: { vendor: string; signature: string | null; body: string }[] = [];
const secrets: Record<string, string> = {};
const SITE = "https://shop.example.com";

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  vi.resetModules();
  m = {
    ...(await import("./portal")),
    ...(await import("./admin")),
    ...(await import("./download")),
    ...(await import("./secrets")),
    ...(await import("./fulfil")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("@/lib/consent/admin")),
    ...(await import("@/lib/consent/verify")),
    ...(await import("@/lib/consent/default-policy")),
    ...(await import("@/lib/consent/webhook")),
    ...(await import("@/lib/inbox/outbox-relay")),
    ...(await import("@/lib/env")),
  };
  m.configureDevRunner({ backoffMs: 10, maxBackoffMs: 50 });
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ vendor: req.url!.slice(1), signature: (req.headers["x-sotto-signature"] as string) ?? null, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  t = await createTenantFixture("DSR consent shop");
  s = await createSubject(t.tenantId);
  const policy = m.defaultConsentPolicy();
  policy.categories.analytics.enabled = true;
  policy.categories.analytics.vendors = [
    { id: "stats", name: "Stats Co", purposes: { en: "Counts visits.", it: "Conta le visite." }, cookies: [], retentionDays: 60, privacyUrl: null },
  ];
  policy.categories.advertising.enabled = true;
  policy.categories.advertising.vendors = [
    { id: "ads", name: "Ads Co", purposes: { en: "Shows ads.", it: "Mostra annunci." }, cookies: [], retentionDays: null, privacyUrl: null },
  ];
  const actor = { userId: null, email: "test@fixture.test" };
  await m.withTenant(t.tenantId, async (tx) => {
    await m.ensureConsentConfig(tx, t.tenantId, actor, {}, policy, [SITE]);
    for (const vendorId of ["stats", "ads"]) {
      secrets[vendorId] = (await m.setVendorWebhook(tx, t.tenantId, { vendorId, url: `${hookUrl}/${vendorId}`, rotateSecret: false }, actor)).secret!;
    }
  });
});

afterAll(async () => {
  await m.drainDevRunner();
  await new Promise((r) => server.close(r));
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const actor = () => ({ userId: t.userId, email: t.email });

async function verified(details: Parameters<TMods["submitPrivacyRequest"]>[0]["details"]): Promise<string> {
  await m.drainDevRunner();
  const { handle } = await m.submitPrivacyRequest({ tenantSlug: t.slug, identity: s.email, details }, { ip: "203.0.113.40" }, 0);
  await m.drainDevRunner();
  const code = /^(\d{6}) is your/.exec((await latestMailTo(s.email))!.subject)![1]!;
  // What the server action derives from the request: country from the address, the browser family from the user agent.
  await m.verifyPrivacyCode({ tenantSlug: t.slug, handle, code }, { country: "IT", uaFamily: "Firefox" }, 0);
  const { rows } = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
  return rows[0].id;
}

async function consentRecords() {
  const { rows } = await asOwner({ tenantId: t.tenantId }, (c) =>
    c.query(`SELECT id, "consentId", method::text, selections, withdrawn, country, "uaFamily", origin, "policyVersion", fingerprint, hash FROM "ConsentRecord" WHERE "tenantId" = $1 ORDER BY seq`, [t.tenantId]),
  );
  return rows;
}

let recordId: string;

describe("consent withdrawal through the privacy center", () => {
  it("opts out on every channel, appends a withdraw record with the banner's proof fields, and the chain verifies", async () => {
    const id = await verified({ type: "consent_withdrawal", purpose: "Marketing messages and cookies" });
    // Nothing happens before the controller approves.
    expect(await consentRecords()).toEqual([]);
    await m.approveRequest(t.tenantId, id, actor());
    await m.drainDevRunner();

    const records = await consentRecords();
    expect(records).toHaveLength(1);
    const config = await asOwner({ tenantId: t.tenantId }, (c) => c.query(`SELECT "policyVersion", fingerprint FROM "ConsentConfig" WHERE "tenantId" = $1`, [t.tenantId]));
    expect(records[0]).toMatchObject({
      method: "withdraw",
      selections: { necessary: true, functional: false, analytics: false, advertising: false },
      withdrawn: ["analytics", "advertising"],
      country: "IT",
      uaFamily: "Firefox",
      origin: new URL(m.env.APP_URL).origin,
      policyVersion: config.rows[0].policyVersion,
      fingerprint: config.rows[0].fingerprint,
    });
    expect(records[0].consentId).toMatch(/^[A-Za-z0-9_-]{22,64}$/);
    expect(records[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await m.verifyConsentChain(t.tenantId)).toMatchObject({ ok: true, count: 1 });
    recordId = records[0].id;

    const { rows: optIns } = await ownerPool().query(`SELECT "contactId", "channelType"::text, status::text, source FROM "ContactOptIn" WHERE "tenantId" = $1 ORDER BY "contactId", "channelType"`, [t.tenantId]);
    expect(optIns.length).toBeGreaterThanOrEqual(2);
    expect(optIns.every((o) => o.status === "opted_out" && o.source === "dsr_consent_withdrawal")).toBe(true);
    expect(new Set(optIns.map((o) => o.channelType))).toEqual(new Set(["email", "whatsapp"]));

    const { rows: req } = await ownerPool().query(`SELECT status, progress FROM "PrivacyRequest" WHERE id = $1`, [id]);
    expect(req[0].status).toBe("completed");
    expect(req[0].progress.consent).toMatchObject({ recordId, withdrawn: ["analytics", "advertising"] });
    expect((await latestMailTo(s.email))!.subject).toMatch(/recorded the withdrawal/);
  });

  it("reaches every vendor of the withdrawn categories with a signed webhook, like a banner withdrawal", async () => {
    // The outbox relay runs shortly after commit; run it now and let the dev runner deliver.
    await m.relayOutbox();
    await m.drainDevRunner();
    const { rows } = await asOwner({ tenantId: t.tenantId }, (c) =>
      c.query(`SELECT "vendorId", status::text, categories, "recordId" FROM "ConsentWebhookDelivery" WHERE "tenantId" = $1 ORDER BY "vendorId"`, [t.tenantId]),
    );
    expect(rows).toEqual([
      { vendorId: "ads", status: "delivered", categories: ["advertising"], recordId },
      { vendorId: "stats", status: "delivered", categories: ["analytics"], recordId },
    ]);
    for (const vendor of ["stats", "ads"]) {
      const hit = hits.filter((h) => h.vendor === vendor);
      expect(hit, vendor).toHaveLength(1);
      expect(m.verifyWebhookSignature(secrets[vendor]!, hit[0]!.signature, hit[0]!.body, Math.floor(Date.now() / 1000))).toBe(true);
      expect(JSON.parse(hit[0]!.body)).toMatchObject({ type: "consent.withdrawn", receiptId: recordId, vendor });
    }
  });

  it("applying the request again appends nothing (idempotent step)", async () => {
    const { rows } = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "tenantId" = $1 AND type = 'consent_withdrawal'`, [t.tenantId]);
    expect(await m.applyFlags(t.tenantId, rows[0].id)).toEqual({ contacts: 0, optOuts: 0, consentRecord: false });
    expect(await consentRecords()).toHaveLength(1);
  });

  it("the subject's later export holds the withdrawal record in the consent-records store", async () => {
    const id = await verified({ type: "access" });
    await m.approveRequest(t.tenantId, id, actor());
    await m.drainDevRunner();
    const token = decodeURIComponent(/download\?t=([^\s&]+)/.exec((await latestMailTo(s.email))!.text)![1]!);
    const got = await m.consumeDownload(token);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const zip = await JSZip.loadAsync(got.bytes);
    const consent = JSON.parse(await zip.file("consent-records.json")!.async("string")) as { id: string; method: string }[];
    expect(consent.map((r) => [r.id, r.method])).toEqual([[recordId, "withdraw"]]);
    const optIns = JSON.parse(await zip.file("opt-ins.json")!.async("string")) as { status: string }[];
    expect(optIns.every((o) => o.status === "opted_out")).toBe(true);
  });
});
