import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { countRows, createSubject, latestMailTo, mailsTo, type TSubjectFixture } from "./testing/fixtures";

/**
 * Data-subject requests end to end on real PostgreSQL under RLS, with the real
 * Inngest functions run by the in-process development runner: submit, code by
 * mail, verify, approve, per-store fulfilment, single-use download, erasure
 * with its report, and the post-erasure export that holds only retained items.
 */
type TMods = typeof import("./portal") & typeof import("./admin") & typeof import("./download") & typeof import("./secrets") & typeof import("@/lib/db/client") &
  typeof import("@/lib/clock") & typeof import("@/lib/actions/errors") & typeof import("@/inngest/dev-runner") & typeof import("./stores/all");
let m: TMods;
let t: TTenantFixture;
let other: TTenantFixture;
let s: TSubjectFixture;
let bystander: TSubjectFixture;

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("SOTTO_TEST_CLOCK", "1");
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  vi.resetModules();
  m = {
    ...(await import("./portal")),
    ...(await import("./admin")),
    ...(await import("./download")),
    ...(await import("./secrets")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/clock")),
    ...(await import("@/lib/actions/errors")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("./stores/all")),
  };
  m.configureDevRunner({ backoffMs: 10, maxBackoffMs: 50 });
  t = await createTenantFixture("DSR shop");
  other = await createTenantFixture("DSR other");
  s = await createSubject(t.tenantId);
  bystander = await createSubject(t.tenantId);
  // The same address in another workspace is another controller's data subject.
  await createSubject(other.tenantId, { email: s.email, phone: s.phone });
});

afterAll(async () => {
  m.setClockOffset(0);
  await m.drainDevRunner();
  vi.unstubAllEnvs();
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

const actor = () => ({ userId: t.userId, email: t.email });

async function submit(details: Parameters<TMods["submitPrivacyRequest"]>[0]["details"], identity = s.email) {
  await m.drainDevRunner();
  const before = await latestMailTo(identity);
  const { handle } = await m.submitPrivacyRequest({ tenantSlug: t.slug, identity, details }, { ip: "203.0.113.9" }, 0);
  await m.drainDevRunner();
  const mail = await latestMailTo(identity);
  const code = mail && mail.text !== before?.text ? /^(\d{6}) is your/.exec(mail.subject)?.[1] ?? null : null;
  return { handle, code };
}

async function requestIdOf(handle: string): Promise<string> {
  const { rows } = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
  return rows[0].id;
}

async function verifiedRequest(details: Parameters<TMods["submitPrivacyRequest"]>[0]["details"]) {
  const { handle, code } = await submit(details);
  expect(code).toMatch(/^\d{6}$/);
  await m.verifyPrivacyCode({ tenantSlug: t.slug, handle, code: code! }, {}, 0);
  return { handle, id: await requestIdOf(handle) };
}

const downloadTokenFrom = (text: string) => /download\?t=([^\s&]+)/.exec(text)?.[1] ?? null;

async function unzip(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const stores: Record<string, Record<string, unknown>[]> = {};
  for (const store of m.DATA_STORES) stores[store.name] = JSON.parse(await zip.file(`${store.name}.json`)!.async("string"));
  return { zip, stores };
}

let firstExport: Record<string, Record<string, unknown>[]>;

describe("access request", () => {
  it("verifies by code, waits for the controller, then exports every store once through a signed link", async () => {
    const { handle, id } = await verifiedRequest({ type: "access" });
    expect((await m.requestView(t.tenantId, handle)).state).toBe("verified");
    expect((await m.listRequests(t.tenantId, "open")).map((r) => r.id)).toContain(id);
    // Nothing is released before approval.
    expect(await countRows(t.tenantId, "PrivacyExport", `"requestId" = $2`, [id])).toBe(0);

    await m.approveRequest(t.tenantId, id, actor());
    await m.drainDevRunner();
    const { rows } = await ownerPool().query(`SELECT status, progress FROM "PrivacyRequest" WHERE id = $1`, [id]);
    expect(rows[0].status).toBe("completed");
    expect(Object.keys(rows[0].progress.stores).sort()).toEqual(m.DATA_STORES.map((d) => d.name).sort());

    const mail = await latestMailTo(s.email);
    expect(mail?.subject).toMatch(/ready/);
    const token = decodeURIComponent(downloadTokenFrom(mail!.text)!);
    const got = await m.consumeDownload(token);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const { zip, stores } = await unzip(got.bytes);
    expect(zip.file("README.txt")).toBeTruthy();
    for (const store of m.DATA_STORES) expect(zip.file(`${store.name}.csv`)).toBeTruthy();
    // Both contacts (the merged one too), their 9 messages, 3 attachments, 3 conversations, the WhatsApp webhook events and delivery lines.
    expect(stores.contacts!.map((c) => c.id).sort()).toEqual([s.contactId, s.mergedContactId].sort());
    expect(stores.messages!.map((x) => x.id).sort()).toEqual([...s.messageIds].sort());
    expect(stores.attachments!.map((x) => x.id).sort()).toEqual([...s.attachmentIds].sort());
    expect(stores["webhook-events"]!.map((x) => x.id).sort()).toEqual([...s.webhookEventIds].sort());
    expect(stores["delivery-logs"]!.map((x) => x.id).sort()).toEqual([...s.deliveryLogIds].sort());
    expect(stores["opt-ins"]).toHaveLength(1);
    // Nobody else's data.
    expect(stores.messages!.some((x) => bystander.messageIds.includes(x.id as string))).toBe(false);
    firstExport = stores;

    // Single use.
    expect(await m.consumeDownload(token)).toMatchObject({ ok: false, status: 410, code: "already_used" });
  });

  it("refuses tampered, malformed and expired links with clear 4xx answers", async () => {
    const { id } = await verifiedRequest({ type: "portability" });
    await m.approveRequest(t.tenantId, id, actor());
    await m.drainDevRunner();
    const token = decodeURIComponent(downloadTokenFrom((await latestMailTo(s.email))!.text)!);
    const parts = token.split(".");
    const otherExport = [parts[0], `${parts[1]}x`, parts[2], parts[3]].join(".");
    expect(await m.consumeDownload(otherExport)).toMatchObject({ ok: false, status: 403, code: "tampered_link" });
    const longer = [parts[0], parts[1], String(Number(parts[2]) + 86_400), parts[3]].join(".");
    expect(await m.consumeDownload(longer)).toMatchObject({ ok: false, status: 403, code: "tampered_link" });
    expect(await m.consumeDownload("not-a-token")).toMatchObject({ ok: false, status: 400, code: "invalid_link" });
    m.setClockOffset(8 * 24 * 60 * 60 * 1000);
    try {
      expect(await m.consumeDownload(token)).toMatchObject({ ok: false, status: 410, code: "expired" });
    } finally {
      m.setClockOffset(0);
    }
    // Still unused: it works once within its week.
    expect((await m.consumeDownload(token)).ok).toBe(true);
  });
});

describe("verification codes and enumeration", () => {
  it("answers an unknown identity exactly like a known one, stores nothing and sends nothing", async () => {
    const unknown = "nobody-here@example.com";
    const rowsBefore = await countRows(t.tenantId, "PrivacyRequest", "true", []);
    const t0 = performance.now();
    const a = await m.submitPrivacyRequest({ tenantSlug: t.slug, identity: unknown, details: { type: "erasure" } }, { ip: "203.0.113.10" });
    const unknownMs = performance.now() - t0;
    const t1 = performance.now();
    const b = await m.submitPrivacyRequest({ tenantSlug: t.slug, identity: bystander.email, details: { type: "erasure" } }, { ip: "203.0.113.10" });
    const knownMs = performance.now() - t1;
    await m.drainDevRunner();
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(a.handle).toMatch(m.ZHandlePattern);
    expect(b.handle).toMatch(m.ZHandlePattern);
    // Both answers are held to the same floor, so the database and send work of a known identity doesn't show.
    expect(unknownMs).toBeGreaterThanOrEqual(m.RESPONSE_FLOOR_MS - 5);
    expect(knownMs).toBeGreaterThanOrEqual(m.RESPONSE_FLOOR_MS - 5);
    expect(await mailsTo(unknown)).toBe(0);
    expect(await countRows(t.tenantId, "PrivacyRequest", "true", [])).toBe(rowsBefore + 1);
    expect(await m.requestView(t.tenantId, a.handle)).toEqual({ state: "awaiting_code" });
    expect(await m.requestView(t.tenantId, b.handle)).toEqual({ state: "awaiting_code" });
    const refusedUnknown = await m.verifyPrivacyCode({ tenantSlug: t.slug, handle: a.handle, code: "123456" }, {}, 0).catch((e: Error) => e.message);
    const refusedKnown = await m.verifyPrivacyCode({ tenantSlug: t.slug, handle: b.handle, code: "000000" }, {}, 0).catch((e: Error) => e.message);
    expect(refusedUnknown).toBe(m.CODE_REFUSED);
    expect(refusedKnown).toBe(m.CODE_REFUSED);
  });

  it("refuses wrong codes, stops after five attempts, and refuses an expired code", async () => {
    const first = await submit({ type: "restriction" });
    const wrong = first.code === "111111" ? "222222" : "111111";
    for (let i = 0; i < 5; i++) {
      await expect(m.verifyPrivacyCode({ tenantSlug: t.slug, handle: first.handle, code: wrong }, {}, 0)).rejects.toThrow(m.CODE_REFUSED);
    }
    // The right code no longer helps after five failures.
    await expect(m.verifyPrivacyCode({ tenantSlug: t.slug, handle: first.handle, code: first.code! }, {}, 0)).rejects.toThrow(m.CODE_REFUSED);
    expect((await m.requestView(t.tenantId, first.handle)).state).toBe("awaiting_code");

    const second = await submit({ type: "restriction" });
    m.setClockOffset(11 * 60 * 1000);
    try {
      await expect(m.verifyPrivacyCode({ tenantSlug: t.slug, handle: second.handle, code: second.code! }, {}, 0)).rejects.toThrow(m.CODE_REFUSED);
    } finally {
      m.setClockOffset(0);
    }
    const { rows } = await ownerPool().query(`SELECT "codeHash" FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(second.handle)]);
    // Only an HMAC of the code is stored.
    expect(rows[0].codeHash).not.toContain(second.code);
  });
});

describe("refusal and extension", () => {
  it("refuses with a reason and extends only with a reason, notifying the requester", async () => {
    const { id } = await verifiedRequest({ type: "objection", scope: "profiling" });
    await expect(m.extendRequest(t.tenantId, id, actor(), 2, "")).rejects.toThrow(/reason/);
    const before = await mailsTo(s.email);
    const { dueAt } = await m.extendRequest(t.tenantId, id, actor(), 2, "We hold several years of records across channels.");
    expect(dueAt.getTime()).toBeGreaterThan(Date.now() + 45 * 86_400_000);
    expect(await mailsTo(s.email)).toBe(before + 1);
    expect((await latestMailTo(s.email))!.text).toContain("several years of records");
    await m.refuseRequest(t.tenantId, id, actor(), "The objection concerns processing we are required by law to carry out.");
    expect((await latestMailTo(s.email))!.text).toContain("required by law");
    const { rows } = await ownerPool().query(`SELECT action FROM "AuditEvent" WHERE "tenantId" = $1 AND "targetId" = $2 ORDER BY seq`, [t.tenantId, id]);
    expect(rows.map((r) => r.action)).toEqual(["privacy.request_verified", "privacy.request_extended", "privacy.request_refused"]);
  });
});

describe("restriction and objection", () => {
  it("sets restricted and noProfiling on the subject's contacts", async () => {
    const r1 = await verifiedRequest({ type: "restriction" });
    await m.approveRequest(t.tenantId, r1.id, actor());
    const r2 = await verifiedRequest({ type: "objection", scope: "profiling" });
    await m.approveRequest(t.tenantId, r2.id, actor());
    await m.drainDevRunner();
    const { rows } = await ownerPool().query(`SELECT restricted, "noProfiling" FROM "Contact" WHERE id = ANY($1)`, [[s.contactId, s.mergedContactId]]);
    expect(rows).toEqual([{ restricted: true, noProfiling: true }, { restricted: true, noProfiling: true }]);
    const { rows: b } = await ownerPool().query(`SELECT restricted, "noProfiling" FROM "Contact" WHERE id = $1`, [bystander.contactId]);
    expect(b[0]).toEqual({ restricted: false, noProfiling: false });
  });
});

describe("erasure", () => {
  it("erases every store, reports counts equal to what the export held, and leaves only legally retained items", async () => {
    expect(firstExport).toBeDefined();
    const { id } = await verifiedRequest({ type: "erasure" });
    await m.approveRequest(t.tenantId, id, actor());
    await m.drainDevRunner();
    const { rows } = await ownerPool().query(`SELECT status, report FROM "PrivacyRequest" WHERE id = $1`, [id]);
    expect(rows[0].status).toBe("completed");
    const report = rows[0].report as { stores: { name: string; deleted: number; anonymised: number; retained: number }[]; retained: unknown[] };
    const byName = Object.fromEntries(report.stores.map((x) => [x.name, x]));
    for (const name of ["messages", "attachments", "conversations", "contacts", "contact-identities", "webhook-events", "delivery-logs", "opt-ins"]) {
      expect(byName[name]!.deleted + byName[name]!.anonymised, name).toBe(firstExport[name]!.length);
    }
    expect(byName["privacy-requests"]!.retained).toBeGreaterThan(0);
    expect(byName["audit-references"]!.retained).toBeGreaterThan(0);
    expect(report.retained.length).toBe(byName["privacy-requests"]!.retained + byName["audit-references"]!.retained);

    for (const [table, ids] of [["Message", s.messageIds], ["WebhookEvent", s.webhookEventIds], ["DeliveryLog", s.deliveryLogIds], ["Attachment", s.attachmentIds]] as const) {
      expect(await countRows(t.tenantId, table, `id = ANY($2)`, [ids]), table).toBe(0);
    }
    // The bystander and the other workspace are untouched.
    expect(await countRows(t.tenantId, "Message", `id = ANY($2)`, [bystander.messageIds])).toBe(bystander.messageIds.length);
    expect(await countRows(other.tenantId, "Contact", `email = $2`, [s.email])).toBe(1);
    // The audit chain is kept, not rewritten.
    expect(await countRows(t.tenantId, "AuditEvent", `"targetId" = $2 AND action = 'privacy.request_completed'`, [id])).toBe(1);

    const { exportId } = await m.startVerificationExport(t.tenantId, id, actor());
    await m.drainDevRunner();
    const bytes = await m.verificationExportBytes(t.tenantId, id, exportId);
    expect(bytes).not.toBeNull();
    const { stores, zip } = await unzip(bytes!);
    for (const store of m.DATA_STORES) {
      if (store.name === "privacy-requests" || store.name === "audit-references") expect(stores[store.name]!.length, store.name).toBeGreaterThan(0);
      else if (store.legalHold) expect(stores[store.name]!.length, store.name).toBe(byName[store.name]!.retained);
      else expect(stores[store.name], store.name).toEqual([]);
    }
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string"));
    expect(manifest.legallyRetained.length).toBe(report.retained.length);
  });
});
