import JSZip from "jszip";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";
import { createSubject, latestMailTo, type TSubjectFixture } from "@/lib/privacy/testing/fixtures";

/**
 * Attachment files in data-subject requests, end to end through the real
 * privacy functions (development runner): the access export's zip holds the
 * stored bytes, and erasure deletes the files from storage with their rows.
 */
type TMods = typeof import("@/lib/privacy/portal") & typeof import("@/lib/privacy/admin") & typeof import("@/lib/privacy/download") & typeof import("@/lib/privacy/secrets") &
  typeof import("@/lib/db/client") & typeof import("@/inngest/dev-runner") & typeof import("./storage") & typeof import("./local") & typeof import("./attachments");
let m: TMods;
let t: TTenantFixture;
let s: TSubjectFixture;
let root: string;
const PDF = Buffer.from("%PDF-1.4\n% Giulia's receipt\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sotto-dsr-files-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("RATE_LIMIT_SCALE", "100");
  vi.resetModules();
  m = {
    ...(await import("@/lib/privacy/portal")),
    ...(await import("@/lib/privacy/admin")),
    ...(await import("@/lib/privacy/download")),
    ...(await import("@/lib/privacy/secrets")),
    ...(await import("@/lib/db/client")),
    ...(await import("@/inngest/dev-runner")),
    ...(await import("./storage")),
    ...(await import("./local")),
    ...(await import("./attachments")),
  };
  m.configureDevRunner({ backoffMs: 10, maxBackoffMs: 50 });
  m.setStorageDriver(m.localDriver(root));
  t = await createTenantFixture("DSR files");
  s = await createSubject(t.tenantId);
});

afterAll(async () => {
  await m.drainDevRunner();
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

async function approvedRequest(type: "access" | "erasure"): Promise<string> {
  await m.drainDevRunner();
  const { handle } = await m.submitPrivacyRequest({ tenantSlug: t.slug, identity: s.email, details: { type } }, { ip: "203.0.113.7" }, 0);
  await m.drainDevRunner();
  const code = /^(\d{6}) is your/.exec((await latestMailTo(s.email))!.subject)![1]!;
  await m.verifyPrivacyCode({ tenantSlug: t.slug, handle, code }, {}, 0);
  const { rows } = await ownerPool().query(`SELECT id FROM "PrivacyRequest" WHERE "handleHash" = $1`, [m.handleHash(handle)]);
  await m.approveRequest(t.tenantId, rows[0].id, { userId: t.userId, email: t.email });
  await m.drainDevRunner();
  return rows[0].id;
}

describe("attachment files in privacy requests", () => {
  let stored: Awaited<ReturnType<TMods["storeAttachment"]>>;

  it("exports the stored file itself in the access zip", async () => {
    stored = await m.storeAttachment({ tenantId: t.tenantId, messageId: s.messageIds[0]!, fileName: "ricevuta giugno.pdf", body: new Uint8Array(PDF) });
    await approvedRequest("access");
    const token = decodeURIComponent(/download\?t=([^\s&]+)/.exec((await latestMailTo(s.email))!.text)![1]!);
    const got = await m.consumeDownload(token);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const zip = await JSZip.loadAsync(got.bytes);
    const file = zip.file(`files/${stored.id}-ricevuta giugno.pdf`);
    expect(file).toBeTruthy();
    expect(Buffer.from(await file!.async("uint8array"))).toEqual(PDF);
    const rows = JSON.parse(await zip.file("attachments.json")!.async("string")) as { id: string }[];
    expect(rows.map((r) => r.id)).toContain(stored.id);
  });

  it("deletes the file from storage on erasure", async () => {
    const { rows: before } = await ownerPool().query(`SELECT "storageKey" FROM "Attachment" WHERE id = $1`, [stored.id]);
    expect(await m.storageDriver().get(before[0].storageKey)).not.toBeNull();
    const id = await approvedRequest("erasure");
    const { rows } = await ownerPool().query(`SELECT status FROM "PrivacyRequest" WHERE id = $1`, [id]);
    expect(rows[0].status).toBe("completed");
    expect((await ownerPool().query(`SELECT 1 FROM "Attachment" WHERE id = $1`, [stored.id])).rowCount).toBe(0);
    expect(await m.storageDriver().get(before[0].storageKey)).toBeNull();
  });
});
