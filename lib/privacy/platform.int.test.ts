import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { latestMailTo } from "./testing/fixtures";

/**
 * /privacy-center serves Sotto's own customers: a workspace owner's request
 * goes to the platform tenant (`sotto`), whose admins are Sotto's operators,
 * not to the customer's own workspace. Submit → code by mail → the operator
 * is notified and reviews → fulfilment exports, then erases, the account.
 */
type TMods = typeof import("./portal") & typeof import("./admin") & typeof import("./download") & typeof import("./secrets") & typeof import("./platform") &
  typeof import("@/lib/db/client") & typeof import("@/inngest/dev-runner");
let m: TMods;
let platformId: string;
let operator: { userId: string; email: string };
let customer: TTenantFixture;

/** The platform tenant as prisma/seed-privacy.ts creates it: slug `sotto`, one operator (owner). */
async function ensurePlatformTenant(): Promise<{ tenantId: string; operator: { userId: string; email: string } }> {
  const existing = await ownerPool().query(`SELECT id FROM "Tenant" WHERE slug = 'sotto'`);
  const tenantId = existing.rows[0]?.id ?? randomId("t");
  const userId = randomId("u");
  const email = `operator-${userId}@sotto.test`;
  await asOwner({ tenantId, userId }, async (c) => {
    if (!existing.rows[0]) await c.query(`INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES ($1, 'Sotto', 'sotto', now())`, [tenantId]);
    await c.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, 'Privacy operator')`, [userId, email]);
    await c.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, 'owner', now())`, [randomId("m"), tenantId, userId]);
  });
  return { tenantId, operator: { userId, email } };
}

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  vi.resetModules();
  m = {
    ...(await import("./portal")),
    ...(await import("./admin")),
    ...(await import("./download")),
    ...(await import("./secrets")),
    ...(await import("./platform")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/inngest/dev-runner")),
  };
  m.configureDevRunner({ backoffMs: 10, maxBackoffMs: 50 });
  ({ tenantId: platformId, operator } = await ensurePlatformTenant());
  customer = await createTenantFixture("Platform customer");
  await asOwner({ userId: customer.userId }, (c) =>
    c.query(`INSERT INTO "Session" (id, "sessionToken", "userId", expires) VALUES ($1, $2, $3, now() + interval '1 day')`, [randomId("s"), randomId("tok"), customer.userId]),
  );
});

afterAll(async () => {
  await m.drainDevRunner();
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

async function submitAndVerify(type: "access" | "erasure"): Promise<string> {
  await m.drainDevRunner();
  const before = await latestMailTo(operator.email);
  const { handle } = await m.submitPrivacyRequest({ tenantSlug: m.PLATFORM_TENANT_SLUG, identity: customer.email.toUpperCase(), details: { type } }, { ip: "198.51.100.7" }, 0);
  await m.drainDevRunner();
  const mail = await latestMailTo(customer.email);
  expect(mail!.subject).toMatch(/^\d{6} is your Sotto privacy request code$/);
  expect(mail!.text).toContain("/privacy-center");
  await m.verifyPrivacyCode({ tenantSlug: m.PLATFORM_TENANT_SLUG, handle, code: mail!.subject.slice(0, 6) }, {}, 0);
  const { rows } = await ownerPool().query(`SELECT id, "tenantId", "userId", "contactIds" FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
  // Filed with Sotto (the controller for its customers' accounts), about the account.
  expect(rows[0]).toMatchObject({ tenantId: platformId, userId: customer.userId, contactIds: [] });
  // The operator hears about it; the notification arrives after verification.
  for (let i = 0; i < 50; i++) {
    const n = await latestMailTo(operator.email);
    if (n && n.text !== before?.text) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const notice = await latestMailTo(operator.email);
  expect(notice!.subject).toMatch(/^New privacy request/);
  expect(notice!.text).toContain(`/t/sotto/privacy/requests/${rows[0].id}`);
  return rows[0].id;
}

describe("Sotto's own privacy center", () => {
  it("routes a customer's access request to Sotto's operators, who approve it; the export holds the account", async () => {
    const id = await submitAndVerify("access");
    expect((await m.listRequests(platformId, "open")).map((r) => r.id)).toContain(id);
    // Not the customer's own workspace's business: it never sees the request.
    expect(await m.listRequests(customer.tenantId, "all")).toEqual([]);
    await expect(m.approveRequest(customer.tenantId, id, { userId: customer.userId, email: customer.email })).rejects.toThrow(/no longer exists/);

    await m.approveRequest(platformId, id, operator);
    await m.drainDevRunner();
    const ready = await latestMailTo(customer.email);
    expect(ready!.subject).toBe("Your data from Sotto is ready");
    const token = decodeURIComponent(/\/privacy-center\/sotto\/download\?t=([^\s&]+)/.exec(ready!.text)![1]!);
    const got = await m.consumeDownload(token);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const zip = await JSZip.loadAsync(got.bytes);
    const account = JSON.parse(await zip.file("account.json")!.async("string"));
    expect(account).toEqual([
      expect.objectContaining({ id: customer.userId, email: customer.email, activeSessions: 1, memberships: [expect.objectContaining({ tenant_slug: customer.slug, role: "owner" })] }),
    ]);
    const { rows } = await ownerPool().query(`SELECT action, "actorUserId" FROM "AuditEvent" WHERE "tenantId" = $1 AND "targetId" = $2 ORDER BY seq`, [platformId, id]);
    expect(rows.map((r) => r.action)).toEqual(["privacy.request_verified", "privacy.request_approved", "privacy.request_completed", "privacy.export_downloaded"]);
    expect(rows[1].actorUserId).toBe(operator.userId);
  });

  it("erases the account on the operator's approval: sessions deleted, profile stripped, memberships kept and listed", async () => {
    const id = await submitAndVerify("erasure");
    await m.approveRequest(platformId, id, operator);
    await m.drainDevRunner();
    const { rows } = await ownerPool().query(`SELECT status, report FROM "PrivacyRequest" WHERE id = $1`, [id]);
    expect(rows[0].status).toBe("completed");
    const account = rows[0].report.stores.find((s: { name: string }) => s.name === "account");
    expect(account).toMatchObject({ deleted: 1, anonymised: 1, retained: 1 });
    expect(rows[0].report.retained).toEqual(expect.arrayContaining([expect.objectContaining({ store: "account", ref: `membership:${customer.slug}` })]));
    const user = await ownerPool().query(`SELECT email, name FROM "User" WHERE id = $1`, [customer.userId]);
    expect(user.rows[0]).toEqual({ email: `erased-${customer.userId}@erased.invalid`, name: null });
    const sessions = await ownerPool().query(`SELECT count(*)::int AS n FROM "Session" WHERE "userId" = $1`, [customer.userId]);
    expect(sessions.rows[0].n).toBe(0);
    // The completion notice went to the address the request was made with.
    expect((await latestMailTo(customer.email))!.subject).toBe("Sotto erased your data");
  });
});
