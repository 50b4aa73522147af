import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeTestConnections, createTenantFixture, ownerPool, type TTenantFixture } from "@/lib/testing/db";
import { generateKeySpec } from "@/lib/crypto/key-ring";

/**
 * Attachment storage on real PostgreSQL under RLS with the local driver in a
 * temporary directory: what is written, what another tenant can reach, the
 * signed download route through its real handler, and composer uploads
 * refused with nothing written.
 */
type TMods = typeof import("./attachments") & typeof import("./storage") & typeof import("./local") & typeof import("./signed-url") & typeof import("./upload") & typeof import("./errors") & typeof import("@/lib/db/client");
let m: TMods;
let GET: (typeof import("@/app/api/attachments/[id]/route"))["GET"];
let root: string;
let a: TTenantFixture;
let b: TTenantFixture;

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "sotto-attachments-"));
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", generateKeySpec("k1"));
  vi.stubEnv("APP_URL", "http://127.0.0.1:3999");
  vi.stubEnv("ATTACHMENT_MAX_BYTES", String(64 * 1024));
  vi.resetModules();
  m = {
    ...(await import("./attachments")),
    ...(await import("./storage")),
    ...(await import("./local")),
    ...(await import("./signed-url")),
    ...(await import("./upload")),
    ...(await import("./errors")),
    ...(await import("@/lib/db/client")),
  };
  GET = (await import("@/app/api/attachments/[id]/route")).GET;
  m.setStorageDriver(m.localDriver(root));
  a = await createTenantFixture("Storage A");
  b = await createTenantFixture("Storage B");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
  await m.db().$disconnect();
  await m.pool().end();
  await closeTestConnections();
});

async function files(): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

async function rowCount(tenantId: string): Promise<number> {
  const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "Attachment" WHERE "tenantId" = $1`, [tenantId]);
  return rows[0].n;
}

const download = (url: string) => GET(new Request(url), { params: Promise.resolve({ id: new URL(url).pathname.split("/").pop()! }) });

describe("storing attachments", () => {
  it("stores the file under the tenant's prefix and a row with the sniffed type and hash, visible only to that tenant", async () => {
    const stored = await m.storeAttachment({ tenantId: a.tenantId, fileName: "../../photo.jpg", body: new Blob([PNG]).stream() });
    expect(stored).toMatchObject({ fileName: "photo.jpg", contentType: "image/png", size: PNG.length, messageId: null });
    const { rows } = await ownerPool().query(`SELECT "storageKey", sha256 FROM "Attachment" WHERE id = $1`, [stored.id]);
    expect(rows[0].storageKey).toMatch(new RegExp(`^t/${a.tenantId}/\\d{4}/\\d{2}/[a-f0-9]{32}$`));
    expect(rows[0].sha256).toBe(stored.sha256);
    expect((await files()).some((f) => f.endsWith(rows[0].storageKey))).toBe(true);

    expect((await m.readAttachment(a.tenantId, stored.id))?.bytes).toEqual(new Uint8Array(PNG));
    // Tenant B's RLS context sees no such row, so it cannot read the file either.
    expect(await m.withTenant(b.tenantId, (tx) => tx.attachment.findFirst({ where: { id: stored.id } }))).toBeNull();
    expect(await m.readAttachment(b.tenantId, stored.id)).toBeNull();
    // Nor can it write a row pointing into tenant A's prefix.
    await expect(m.withTenant(b.tenantId, (tx) => tx.attachment.create({ data: { tenantId: a.tenantId, fileName: "x", contentType: "text/plain", size: 1, storageKey: rows[0].storageKey, sha256: "x" } }))).rejects.toThrow();
  });

  // keys.test.ts checks assertStorageKey itself; these check that each path reaching the driver with a key
  // taken from a row passes the tenant to it, so a row that names another tenant's file cannot reach it.
  it("never reads, discards or sweeps a file under another tenant's prefix", async () => {
    const stored = await m.storeAttachment({ tenantId: a.tenantId, fileName: "a.pdf", body: new Uint8Array(PDF) });
    const { rows } = await ownerPool().query(`SELECT "storageKey" FROM "Attachment" WHERE id = $1`, [stored.id]);
    const keyOfA: string = rows[0].storageKey;

    expect(await m.readStoredFile(a.tenantId, keyOfA)).toEqual(new Uint8Array(PDF));
    await expect(m.readStoredFile(b.tenantId, keyOfA)).rejects.toThrow(/another tenant/);
    const written = { fileName: "a.pdf", contentType: "application/pdf", size: PDF.length, storageKey: keyOfA, sha256: stored.sha256 };
    await expect(m.discardWrittenFiles(b.tenantId, [written])).rejects.toThrow(/another tenant/);

    // A row of tenant B naming A's file (written by hand: RLS keeps the app from it) is swept as B's row only.
    await ownerPool().query(
      `INSERT INTO "Attachment" (id, "tenantId", "fileName", "contentType", size, "storageKey", sha256, "createdAt") VALUES ($1, $2, 'x.pdf', 'application/pdf', 1, $3, 'x', now() - interval '25 hours')`,
      [`att-foreign-${Date.now()}`, b.tenantId, keyOfA],
    );
    expect(await m.sweepUnlinkedUploads(b.tenantId, new Date())).toBeGreaterThan(0);
    expect(await m.storageDriver().get(keyOfA)).toEqual(new Uint8Array(PDF));
    expect((await m.readAttachment(a.tenantId, stored.id))?.bytes).toEqual(new Uint8Array(PDF));
  });

  it("refuses an over-limit stream as soon as it crosses the limit, writing no file and no row", async () => {
    const before = { rows: await rowCount(a.tenantId), files: (await files()).length };
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= 1024 * 1024) return c.close();
        sent += 16 * 1024;
        c.enqueue(new Uint8Array(16 * 1024).fill(65));
      },
    });
    const e = await m.storeAttachment({ tenantId: a.tenantId, fileName: "big.txt", body }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(m.AttachmentRefused);
    expect((e as InstanceType<TMods["AttachmentRefused"]>).code).toBe("too_large");
    expect(sent).toBeLessThan(200 * 1024);
    expect(await rowCount(a.tenantId)).toBe(before.rows);
    expect((await files()).length).toBe(before.files);
  });

  it("refuses types off the allow-list with nothing written", async () => {
    const before = { rows: await rowCount(a.tenantId), files: (await files()).length };
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    await expect(m.storeAttachment({ tenantId: a.tenantId, fileName: "invoice.pdf", body: new Uint8Array(elf) })).rejects.toMatchObject({ code: "type_not_allowed" });
    expect(await rowCount(a.tenantId)).toBe(before.rows);
    expect((await files()).length).toBe(before.files);
  });
});

describe("signed download route", () => {
  it("serves the file to a valid URL: images inline, documents as downloads, never sniffed", async () => {
    const img = await m.storeAttachment({ tenantId: a.tenantId, fileName: "scan.png", body: new Uint8Array(PNG) });
    const res = await download(m.attachmentUrl(a.tenantId, img.id, new Date()));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="scan.png"/);

    const doc = await m.storeAttachment({ tenantId: a.tenantId, fileName: "Rechnung März.pdf", body: new Uint8Array(PDF) });
    const res2 = await download(m.attachmentUrl(a.tenantId, doc.id, new Date()));
    expect(res2.headers.get("content-disposition")).toBe(`attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`);
    const txt = await m.storeAttachment({ tenantId: a.tenantId, fileName: "page.html", body: new TextEncoder().encode("<script>alert(1)</script>") });
    const res3 = await download(m.attachmentUrl(a.tenantId, txt.id, new Date()));
    expect(res3.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res3.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("refuses tampered, expired and cross-tenant URLs", async () => {
    const img = await m.storeAttachment({ tenantId: a.tenantId, fileName: "scan.png", body: new Uint8Array(PNG) });
    const good = new URL(m.attachmentUrl(a.tenantId, img.id, new Date()));
    const swapped = new URL(good);
    swapped.searchParams.set("tenant", b.tenantId);
    expect((await download(swapped.toString())).status).toBe(403);
    const expired = m.signAttachmentUrl({ tenantId: a.tenantId, attachmentId: img.id, expiresAt: new Date(Date.now() - 1000) });
    const res = await download(expired);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "link_expired" });
    // A genuine URL of tenant B naming tenant A's attachment finds nothing under B's RLS.
    expect((await download(m.attachmentUrl(b.tenantId, img.id, new Date()))).status).toBe(404);
    expect((await download(good.toString().replace(img.id, "nope"))).status).toBe(403);
  });

  it("answers 404, not an error, for a row that names no stored file (imported or metadata-only rows)", async () => {
    const id = `att-legacy-${Date.now()}`;
    await ownerPool().query(
      `INSERT INTO "Attachment" (id, "tenantId", "fileName", "contentType", size, "storageKey", sha256) VALUES ($1, $2, 'old.jpg', 'image/jpeg', 10, $3, 'x')`,
      [id, a.tenantId, `seed/${a.tenantId}/old.jpg`],
    );
    expect((await download(m.attachmentUrl(a.tenantId, id, new Date()))).status).toBe(404);
  });
});

describe("composer uploads", () => {
  const upload = (body: BodyInit | null, headers: Record<string, string>, name = "notes.txt") =>
    m.handleUpload(new Request(`http://127.0.0.1:3999/api/attachments?tenant=${a.slug}&name=${encodeURIComponent(name)}`, { method: "POST", body, headers, duplex: "half" } as RequestInit), { tenantId: a.tenantId, userId: a.userId });

  it("stores a file and answers with its signed URL", async () => {
    const res = await upload(new Uint8Array(PDF), { "content-length": String(PDF.length) }, "offer.pdf");
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ fileName: "offer.pdf", contentType: "application/pdf", size: PDF.length });
    expect((await download(body.url)).status).toBe(200);
  });

  it("sweeps the workspace's uploads abandoned for a day when another file is uploaded", async () => {
    const old = await m.storeAttachment({ tenantId: a.tenantId, fileName: "forgotten.pdf", body: new Uint8Array(PDF) });
    const { rows } = await ownerPool().query(`UPDATE "Attachment" SET "createdAt" = now() - interval '25 hours' WHERE id = $1 RETURNING "storageKey"`, [old.id]);
    const otherTenant = await m.storeAttachment({ tenantId: b.tenantId, fileName: "b.pdf", body: new Uint8Array(PDF) });
    await ownerPool().query(`UPDATE "Attachment" SET "createdAt" = now() - interval '25 hours' WHERE id = $1`, [otherTenant.id]);
    expect((await upload(new Uint8Array(PDF), { "content-length": String(PDF.length) }, "fresh.pdf")).status).toBe(201);
    expect((await ownerPool().query(`SELECT 1 FROM "Attachment" WHERE id = $1`, [old.id])).rowCount).toBe(0);
    expect(await m.storageDriver().get(rows[0].storageKey)).toBeNull();
    // Another workspace's uploads are not this upload's business.
    expect((await ownerPool().query(`SELECT 1 FROM "Attachment" WHERE id = $1`, [otherTenant.id])).rowCount).toBe(1);
  });

  it("answers 413 for a file over the limit and stores nothing; 411 without a length; 400 for a short body; 415 for a refused type", async () => {
    const before = { rows: await rowCount(a.tenantId), files: (await files()).length };
    const big = new Uint8Array(65 * 1024).fill(65);
    const res = await upload(big, { "content-length": String(big.length) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "too_large", message: "The file is larger than the 64 KB limit for attachments." });
    // A client lying about the length is stopped when the bytes run past it.
    const lying = await upload(big, { "content-length": "100" });
    expect(lying.status).toBe(400);
    expect((await upload(new Uint8Array([1, 2]), {})).status).toBe(411);
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]);
    expect((await upload(elf, { "content-length": String(elf.length) })).status).toBe(415);
    expect((await upload(new Uint8Array(PDF), { "content-length": String(PDF.length) }, "")).status).toBe(400);
    expect(await rowCount(a.tenantId)).toBe(before.rows);
    expect((await files()).length).toBe(before.files);
  });
});
