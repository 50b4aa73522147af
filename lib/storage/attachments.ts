import "server-only";
import { withTenant, type TTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { now } from "@/lib/clock";
import { log } from "@/lib/log";
import { assertStorageKey, isStorageKey, newStorageKey, tenantOfKey } from "./keys";
import { readLimited, type TByteSource } from "./read-limited";
import { assertNoMalware } from "./scan";
import { sniffContentType } from "./sniff";
import { storageDriver } from "./storage";

/**
 * Storing and reading attachment files for a tenant. The bytes are read with
 * the size limit enforced while streaming, typed from their content, hashed,
 * written under a fresh tenant-prefixed key, and only then recorded as an
 * `Attachment` row under RLS (when a virus scanner is configured, only after
 * it passed the file: lib/storage/scan.ts); if the row cannot be written the file is
 * removed again. A refusal (too large, empty, type not allowed, infected)
 * writes nothing at all.
 */
export type TStoredAttachment = { id: string; fileName: string; contentType: string; size: number; sha256: string; messageId: string | null };

const MAX_NAME = 200;

/** A display name safe to keep and to put in Content-Disposition: no path, no control characters, bounded. */
export function cleanFileName(name: string | null | undefined, fallback = "attachment"): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|*?:]/g, "_").replace(/^\.+/, "").trim();
  const bounded = cleaned.length > MAX_NAME ? cleaned.slice(0, MAX_NAME) : cleaned;
  return bounded || fallback;
}

export type TStoreInput = {
  tenantId: string;
  fileName: string | null | undefined;
  body: TByteSource;
  messageId?: string | null;
  maxBytes?: number;
};

/** A file written to storage that no row names yet: what an Attachment row records about it. */
export type TWrittenFile = { fileName: string; contentType: string; size: number; storageKey: string; sha256: string };

/**
 * Reads, checks and writes one file to storage without recording it, for a
 * caller that records the row in a transaction of its own (a widget visitor's
 * file is inserted with its message, lib/inbox/ingest.ts). Throws
 * AttachmentRefused (nothing written) for what the sender should hear about.
 * The caller owns the file: it must record it or `discardWrittenFiles` it.
 */
export async function writeAttachmentFile(input: Omit<TStoreInput, "messageId">): Promise<TWrittenFile> {
  const limit = input.maxBytes ?? env.ATTACHMENT_MAX_BYTES;
  const { bytes, sha256 } = await readLimited(input.body, limit);
  const contentType = await sniffContentType(bytes);
  await assertNoMalware(input.tenantId, bytes, sha256);
  const fileName = cleanFileName(input.fileName);
  const storageKey = newStorageKey(input.tenantId, now());
  await storageDriver().put(storageKey, bytes, contentType);
  return { fileName, contentType, size: bytes.byteLength, storageKey, sha256 };
}

/** Removes files written by `writeAttachmentFile` that were not recorded after all; a failure is logged, not thrown. */
export async function discardWrittenFiles(tenantId: string, files: readonly TWrittenFile[]): Promise<void> {
  const keys = files.map((f) => assertStorageKey(f.storageKey, tenantId));
  if (!keys.length) return;
  await storageDriver()
    .remove(keys)
    .catch((e: unknown) => log.warn("orphaned attachment file not removed", { tenantId, error: String(e) }));
}

/** Reads, checks and stores one file, returning the new row. Throws AttachmentRefused for what the sender should hear about. */
export async function storeAttachment(input: TStoreInput, tx?: TTx): Promise<TStoredAttachment> {
  const file = await writeAttachmentFile(input);
  const create = (t: TTx) =>
    t.attachment.create({
      data: { tenantId: input.tenantId, messageId: input.messageId ?? null, ...file },
      select: { id: true, fileName: true, contentType: true, size: true, sha256: true, messageId: true },
    });
  try {
    return tx ? await create(tx) : await withTenant(input.tenantId, create);
  } catch (error) {
    await discardWrittenFiles(input.tenantId, [file]);
    throw error;
  }
}

export type TAttachmentFile = { id: string; fileName: string; contentType: string; size: number; sha256: string; bytes: Uint8Array };

/** One attachment of the tenant with its bytes, or null (no such row under RLS, or the file is gone). */
export async function readAttachment(tenantId: string, attachmentId: string): Promise<TAttachmentFile | null> {
  const row = await withTenant(tenantId, (tx) =>
    tx.attachment.findFirst({ where: { tenantId, id: attachmentId }, select: { id: true, fileName: true, contentType: true, size: true, sha256: true, storageKey: true } }),
  );
  if (!row) return null;
  const bytes = await readStoredFile(tenantId, row.storageKey);
  if (!bytes) return null;
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, sha256: row.sha256, bytes };
}

/**
 * The bytes of a stored key of the tenant (outbound email attaches them), or
 * null: a row naming no file of ours (imported, or metadata only) has nothing
 * to read. A key of another tenant throws.
 */
export async function readStoredFile(tenantId: string, storageKey: string): Promise<Uint8Array | null> {
  if (!isStorageKey(storageKey)) return null;
  return storageDriver().get(assertStorageKey(storageKey, tenantId));
}


/** Uploads older than this that no message has claimed are abandoned (the agent removed them or never sent). */
export const UNLINKED_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes a tenant's abandoned uploads (rows first, then files), at most
 * `limit` at a time. Called on each upload, so a workspace that uploads
 * cleans up after itself without a cross-tenant job.
 */
export async function sweepUnlinkedUploads(tenantId: string, at: Date, limit = 50): Promise<number> {
  const cutoff = new Date(at.getTime() - UNLINKED_TTL_MS);
  const keys = await withTenant(tenantId, async (tx) => {
    const rows = await tx.attachment.findMany({ where: { tenantId, messageId: null, createdAt: { lt: cutoff } }, select: { id: true, storageKey: true }, take: limit });
    if (!rows.length) return [];
    await tx.attachment.deleteMany({ where: { tenantId, messageId: null, id: { in: rows.map((r) => r.id) } } });
    return rows.map((r) => r.storageKey);
  });
  if (keys.length) await storageDriver().remove(keys.filter((k) => tenantOfKey(k) === tenantId));
  return keys.length;
}
