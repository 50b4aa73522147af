import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { createChannel } from "./testing/fixtures";
import type { TPlatformIntegrations } from "./ropa/integrations";

/**
 * Records of processing generated from live configuration on real
 * PostgreSQL: connected channels (with the mailbox provider read from the
 * sealed credentials), the installation's integrations, the consent
 * manager's vendors and the retention settings become activities and
 * recipients; what is not configured is not listed; a disconnected channel
 * drops out.
 */
type TMods = typeof import("./processing") & typeof import("./ropa/integrations") & typeof import("@/lib/db/client") & typeof import("@/lib/channels/credentials") &
  typeof import("@/lib/consent/admin") & typeof import("@/lib/consent/default-policy");
let m: TMods;
let shop: TTenantFixture;
let bare: TTenantFixture;
let waChannel: string;

const EVERYTHING: TPlatformIntegrations = {
  email: "resend",
  storage: { driver: "s3", bucket: "sotto-attachments", region: "eu-central-1", endpointHost: null },
  jobs: "inngest-cloud",
  mailOAuth: { google: true, microsoft: false },
  malwareScan: { host: "clamav.internal:3310" },
};
const NOTHING: TPlatformIntegrations = { email: "outbox", storage: { driver: "local" }, jobs: "in-process", mailOAuth: { google: false, microsoft: false }, malwareScan: null };

const server = (host: string, pass = "secret-password") => ({ host, port: 993, secure: true, user: "support@shop.test", pass });

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.resetModules();
  m = {
    ...(await import("./processing")),
    ...(await import("./ropa/integrations")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/channels/credentials")),
    ...(await import("@/lib/consent/admin")),
    ...(await import("@/lib/consent/default-policy")),
  };
  shop = await createTenantFixture("RoPA shop");
  bare = await createTenantFixture("RoPA bare");
  waChannel = await createChannel(shop.tenantId, "whatsapp");
  const gmail = await createChannel(shop.tenantId, "email");
  const ownServer = await createChannel(shop.tenantId, "email");
  const seal = (id: string, value: Record<string, unknown>) => m.sealCredentials({ tenantId: shop.tenantId, id }, "email", value);
  await asOwner({ tenantId: shop.tenantId }, async (c) => {
    await c.query(`UPDATE "Channel" SET name = 'Gmail support', credentials = $2 WHERE id = $1`, [
      gmail,
      seal(gmail, { address: "support@shop.test", smtp: server("smtp.gmail.com", "ya29.t"), imap: server("imap.gmail.com", "ya29.t"), oauth: { provider: "google", refreshToken: "1//r", accessToken: "ya29.t", expiresAt: 1 } }),
    ]);
    await c.query(`UPDATE "Channel" SET name = 'Orders mailbox', credentials = $2 WHERE id = $1`, [
      ownServer,
      seal(ownServer, { address: "orders@shop.test", smtp: server("mail.shop.test"), imap: server("mail.shop.test") }),
    ]);
    await c.query(`INSERT INTO "RetentionSetting" (id, "tenantId", category, months, "updatedAt") VALUES ('rs_ropa', $1, 'conversation-logs', 6, now())`, [shop.tenantId]);
  });
  const policy = m.defaultConsentPolicy();
  policy.categories.analytics.enabled = true;
  policy.categories.analytics.vendors = [
    { id: "stats", name: "Stats Co", purposes: { en: "Counts visits.", it: "Conta le visite." }, cookies: [{ name: "_st", domain: null, durationDays: 30 }], retentionDays: 60, privacyUrl: "https://stats.example/privacy" },
  ];
  await m.withTenant(shop.tenantId, (tx) => m.ensureConsentConfig(tx, shop.tenantId, { userId: null, email: "t@fixture.test" }, {}, policy, ["https://shop.example.com"]));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

describe("records of processing", () => {
  it("turn channels, integrations, consent vendors and retention into activities and recipients", async () => {
    const r = await m.recordsOfProcessing(shop.tenantId, { platform: EVERYTHING });
    expect(r.tenantName).toBe(shop.name);
    expect(r.activities.map((a) => a.id)).toEqual(["conversations-whatsapp", "conversations-email", "webhook-logs", "data-subject-requests", "workspace-accounts", "consent-website-cookies", "consent-proof"]);
    const byId = Object.fromEntries(r.activities.map((a) => [a.id, a]));

    const email = byId["conversations-email"]!;
    expect(email.name).toContain("Gmail support, Orders mailbox");
    expect(email.retention).toMatch(/^6 months/);
    const names = email.recipients.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["Sotto", "Amazon Web Services (S3)", "Inngest", "Google (Gmail / Google Workspace)", "The workspace's mail server (mail.shop.test)"]));
    const s3 = email.recipients.find((x) => x.name === "Amazon Web Services (S3)")!;
    expect(s3).toMatchObject({ role: "Sub-processor (attachment storage)", region: "AWS region eu-central-1", transferMechanism: "Not needed: data stays in the EU/EEA", dataCategories: ["Message attachments"] });
    expect(s3.retention).toMatch(/^6 months/);
    expect(email.recipients.find((x) => x.name === "Inngest")!.transferMechanism).toMatch(/Standard Contractual Clauses/);
    expect(email.recipients.find((x) => x.name === "ClamAV virus scanner (clamav.internal:3310)")).toMatchObject({ dataCategories: ["Message attachments"], retention: expect.stringMatching(/^Not kept/) });

    const wa = byId["conversations-whatsapp"]!;
    expect(wa.recipients.find((x) => x.name === "Meta Platforms Ireland")).toMatchObject({ role: "Sub-processor (WhatsApp channel)", transferMechanism: expect.stringMatching(/Standard Contractual Clauses/) });
    expect(byId["data-subject-requests"]!.recipients.find((x) => x.name === "Resend")).toMatchObject({ role: "Sub-processor (verification and reply email)" });

    const cookies = byId["consent-website-cookies"]!;
    expect(cookies.recipients).toEqual([
      expect.objectContaining({ name: "Stats Co", retention: "60 days (stated by the vendor)", dataCategories: ["Counts visits.", "Cookies: _st (30 days)"], transferMechanism: expect.stringContaining("https://stats.example/privacy") }),
    ]);
    expect(cookies.purpose.toLowerCase()).toContain("analytics");

    // Every recipient has the fields an Art. 30 record needs.
    for (const a of r.activities) {
      for (const x of a.recipients) {
        expect(x.role && x.region && x.transferMechanism && x.retention, `${a.id}: ${x.name}`).toBeTruthy();
        expect(x.dataCategories.length, `${a.id}: ${x.name}`).toBeGreaterThan(0);
      }
    }
    // The summary lists each recipient once with its activities.
    const inngest = r.recipients.filter((x) => x.name === "Inngest");
    expect(inngest).toHaveLength(1);
    expect(inngest[0]!.activities.length).toBeGreaterThanOrEqual(4);

    const csv = m.recordsCsv(r.activities);
    expect(csv.split("\n")[0]).toContain("Transfers outside the EU/EEA");
    expect(csv).toContain("Stats Co (Recipient on the workspace's website, after consent to analytics");
    expect(csv).toContain("Amazon Web Services (S3): Not needed: data stays in the EU/EEA");
  });

  it("lists nothing that is not configured", async () => {
    const r = await m.recordsOfProcessing(bare.tenantId, { platform: NOTHING });
    expect(r.activities.map((a) => a.id)).toEqual(["data-subject-requests", "workspace-accounts"]);
    const names = r.recipients.map((x) => x.name);
    for (const absent of ["Resend", "Inngest", "Amazon Web Services (S3)", "Meta Platforms Ireland"]) expect(names).not.toContain(absent);
  });

  it("follows the configuration: a disconnected channel drops out", async () => {
    await asOwner({ tenantId: shop.tenantId }, (c) => c.query(`UPDATE "Channel" SET status = 'disconnected' WHERE id = $1`, [waChannel]));
    const r = await m.recordsOfProcessing(shop.tenantId, { platform: EVERYTHING });
    expect(r.activities.map((a) => a.id)).not.toContain("conversations-whatsapp");
    expect(r.recipients.map((x) => x.name)).not.toContain("Meta Platforms Ireland");
  });

  it("reads the installation's integrations from its configuration", () => {
    const base = { RESEND_API_KEY: undefined, STORAGE_DRIVER: undefined, S3_BUCKET: undefined, S3_REGION: "us-east-1", S3_ENDPOINT: undefined, INNGEST_EVENT_KEY: undefined, INNGEST_BASE_URL: undefined, INNGEST_DEV: undefined, GOOGLE_CLIENT_ID: undefined, GOOGLE_CLIENT_SECRET: undefined, MICROSOFT_CLIENT_ID: undefined, MICROSOFT_CLIENT_SECRET: undefined, CLAMAV_URL: undefined };
    expect(m.platformIntegrations(base)).toEqual(NOTHING);
    expect(
      m.platformIntegrations({ ...base, RESEND_API_KEY: "re_x", S3_BUCKET: "b-1", S3_ENDPOINT: "https://minio.internal:9000", INNGEST_BASE_URL: "https://inngest.internal", MICROSOFT_CLIENT_ID: "a", MICROSOFT_CLIENT_SECRET: "b", CLAMAV_URL: "tcp://clamav.internal:3310" }),
    ).toEqual({
      email: "resend",
      storage: { driver: "s3", bucket: "b-1", region: "us-east-1", endpointHost: "minio.internal:9000" },
      jobs: "inngest-self-hosted",
      mailOAuth: { google: false, microsoft: true },
      malwareScan: { host: "clamav.internal:3310" },
    });
    expect(m.platformIntegrations({ ...base, CLAMAV_URL: "unix:///run/clamav/clamd.ctl" }).malwareScan).toEqual({ host: "this server (local socket)" });
    expect(m.platformIntegrations({ ...base, INNGEST_EVENT_KEY: "k" }).jobs).toBe("inngest-cloud");
  });
});
