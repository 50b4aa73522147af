import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { countRows, createSubject, mailsTo, type TSubjectFixture } from "./testing/fixtures";

/**
 * Bad input at the privacy center's and retention's boundaries, with the
 * production rate limits (RATE_LIMIT_SCALE=1): request spam per identity and
 * per address (refused alike for known and unknown identities, so the limit
 * reveals nothing), malformed identities and payloads, decisions out of
 * order, extensions and holds out of range. Each gets a clear error and
 * leaves nothing behind.
 */
type TMods = typeof import("./portal") & typeof import("./admin") & typeof import("./schemas") & typeof import("./secrets") & typeof import("@/lib/retention/holds") &
  typeof import("@/lib/db/client") & typeof import("@/inngest/dev-runner") & typeof import("@/lib/actions/errors");
let m: TMods;
let t: TTenantFixture;
let s: TSubjectFixture;

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("RATE_LIMIT_SCALE", "1");
  vi.resetModules();
  m = {
    ...(await import("./portal")),
    ...(await import("./admin")),
    ...(await import("./schemas")),
    ...(await import("./secrets")),
    ...(await import("@/lib/retention/holds")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("@/lib/actions/errors")),
  };
  t = await createTenantFixture("Bad input");
  s = await createSubject(t.tenantId);
});

afterAll(async () => {
  await m.drainDevRunner();
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

// A fresh documentation-range address per test: the limiter may outlive one run (Redis).
const freshIp = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const submit = (identity: string, ip: string, details: Parameters<TMods["submitPrivacyRequest"]>[0]["details"] = { type: "erasure" }, tenantSlug = t.slug) =>
  m.submitPrivacyRequest({ tenantSlug, identity, details }, { ip }, 0);
const requests = () => countRows(t.tenantId, "PrivacyRequest", "true", []);
const messageOf = (p: Promise<unknown>) => p.then(() => "accepted", (e: Error) => e.message);

describe("request spam and enumeration", () => {
  it("limits requests per identity, refusing a known and an unknown identity with the same words", async () => {
    const unknown = `nobody-${randomBytes(4).toString("hex")}@example.com`;
    for (let i = 0; i < 3; i++) {
      await submit(s.email, freshIp());
      await submit(unknown, freshIp());
    }
    await m.drainDevRunner();
    const [before, mails] = [await requests(), await mailsTo(s.email)];
    const known = await messageOf(submit(s.email, freshIp()));
    const other = await messageOf(submit(unknown, freshIp()));
    expect(known).toMatch(/^Too many privacy requests/);
    expect(other).toBe(known);
    await m.drainDevRunner();
    expect(await requests()).toBe(before);
    expect(await mailsTo(s.email)).toBe(mails);
    expect(await mailsTo(unknown)).toBe(0);
  });

  it("limits requests per address across identities", async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) await submit(`spray-${i}-${randomBytes(3).toString("hex")}@example.com`, ip);
    expect(await messageOf(submit(`spray-x-${randomBytes(3).toString("hex")}@example.com`, ip))).toMatch(/^Too many privacy requests/);
  });
});

describe("malformed requests", () => {
  it("refuses identities that are neither an address nor a phone number, and unknown privacy centers, storing nothing", async () => {
    const before = await requests();
    for (const identity of ["not-an-address", "12", "+39", "a@b", "mario@@example.com"]) {
      await expect(submit(identity, freshIp())).rejects.toThrow(/valid email address or a phone number/);
    }
    await expect(submit(s.email, freshIp(), { type: "erasure" }, `no-such-${randomBytes(3).toString("hex")}`)).rejects.toThrow(/does not exist/);
    expect(await requests()).toBe(before);
  });

  it("the boundary schemas refuse what the server actions must never see", () => {
    const base = { tenantSlug: t.slug, identity: s.email };
    const bad: unknown[] = [
      { ...base, details: { type: "delete_everything" } },
      { ...base, details: { type: "rectification", correction: "x" } },
      { ...base, details: { type: "rectification", correction: "x".repeat(2001) } },
      { ...base, details: { type: "objection", scope: "everything" } },
      { ...base, details: { type: "consent_withdrawal", purpose: "" } },
      { ...base, identity: "x".repeat(321), details: { type: "access" } },
      { ...base, tenantSlug: "../admin", details: { type: "access" } },
    ];
    for (const input of bad) expect(m.ZSubmitPrivacyRequest.safeParse(input).success, JSON.stringify(input).slice(0, 80)).toBe(false);
    expect(m.ZVerifyPrivacyCode.safeParse({ tenantSlug: t.slug, handle: "short", code: "123456" }).success).toBe(false);
    expect(m.ZVerifyPrivacyCode.safeParse({ tenantSlug: t.slug, handle: "a".repeat(32), code: "12345a" }).success).toBe(false);
    expect(m.ZExtendRequest.safeParse({ requestId: "r", months: 3, reason: "More time" }).success).toBe(false);
    expect(m.ZExtendRequest.safeParse({ requestId: "r", months: 0, reason: "More time" }).success).toBe(false);
    expect(m.ZRefuseRequest.safeParse({ requestId: "r", reason: "no" }).success).toBe(false);
  });
});

describe("decisions out of order", () => {
  const actor = () => ({ userId: t.userId, email: t.email });

  it("an unverified request cannot be approved, refused or extended; a decided one cannot be decided again", async () => {
    const { handle } = await submit(s.phone, freshIp(), { type: "access" });
    const { rows } = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
    const id = rows[0].id as string;
    await expect(m.approveRequest(t.tenantId, id, actor())).rejects.toThrow(/no longer exists/);
    await expect(m.refuseRequest(t.tenantId, id, actor(), "A reason long enough to send.")).rejects.toThrow(m.ActionError);
    await expect(m.extendRequest(t.tenantId, id, actor(), 1, "We need more time for this.")).rejects.toThrow(m.ActionError);
    await expect(m.approveRequest(t.tenantId, "no-such-request", actor())).rejects.toThrow(/no longer exists/);
    // Nothing moved: still waiting for its code, no decision audited.
    const after = await ownerPool().query(`SELECT status::text, "decidedAt", "extendedAt" FROM "PrivacyRequest" WHERE id = $1`, [id]);
    expect(after.rows[0]).toEqual({ status: "unverified", decidedAt: null, extendedAt: null });
    expect(await countRows(t.tenantId, "AuditEvent", `"targetId" = $2`, [id])).toBe(0);
  });
});

describe("legal holds", () => {
  const actor = () => ({ userId: t.userId, email: t.email });

  it("refuse a hold without a reason, on nothing, on both, or on another workspace's contact", async () => {
    const other = await createTenantFixture("Bad input other");
    const foreign = await createSubject(other.tenantId);
    expect(m.ZPlaceHold.safeParse({ contactId: s.contactId, reason: "short" }).success).toBe(false);
    expect(m.ZPlaceHold.safeParse({ reason: "A long enough reason for a hold." }).success).toBe(false);
    expect(m.ZPlaceHold.safeParse({ contactId: s.contactId, conversationId: s.conversationIds[0], reason: "A long enough reason for a hold." }).success).toBe(false);
    await expect(m.placeHold(t.tenantId, actor(), { contactId: foreign.contactId, reason: "A long enough reason for a hold." })).rejects.toThrow(/No contact with that id/);
    expect(await countRows(t.tenantId, "LegalHold", "true", [])).toBe(0);
  });
});
