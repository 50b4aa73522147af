import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { decrypt, encrypt } from "@/lib/crypto/key-ring";
import { recordAudit } from "@/lib/audit/record";
import { buildExportZip, exportJson, packStoreFiles, readPackedRows, type TExportFile, type TExportPart, type TZipEntry } from "./export-zip";
import { attachmentFiles } from "./stores/attachments";
import { DATA_STORES, dataStore } from "./stores/all";
import type { TEraseResult, TRetainedItem, TSubject } from "./registry";
import { identitiesOf } from "./subject";
import { withTenantIncludingDeleted } from "./tx";
import { appendServerWithdrawal } from "@/lib/consent/records";
import { ownOrigin } from "@/lib/consent/config";
import { relayOutboxSoon } from "@/lib/inbox/outbox-relay";
import { DOWNLOAD_TTL_MS } from "./secrets";

/**
 * Fulfilment of an approved request, as small idempotent units that the
 * Inngest function runs one step each (inngest/functions/privacy-fulfil.ts).
 * Every unit records its outcome in PrivacyRequest.progress in the same
 * transaction as its work, so a retried or resumed run skips what is done and
 * admins see per-store progress while it runs.
 */

export type TStoreProgress = {
  status: "exported" | "erased";
  rows?: number;
  counts?: { deleted: number; anonymised: number; retained: number };
  retainedItems?: TRetainedItem[];
  at: string;
};

export type TProgress = {
  subject?: TSubject;
  /** Consent withdrawal: where the requester confirmed, for the proof record (set at verification). */
  requester?: { country: string; uaFamily: string };
  /** Consent withdrawal: the proof record appended to the consent chain. */
  consent?: { recordId: string; consentId: string; withdrawn: string[] } | null;
  exportId?: string;
  stores?: Record<string, TStoreProgress>;
  flags?: { applied: string; at: string };
};

export const exportAad = (exportId: string) => `privacy-export:${exportId}`;
const partAad = (exportId: string, store: string) => `privacy-export-part:${exportId}:${store}`;

/**
 * An export part holds its store's `<store>.json` and `<store>.csv` already
 * compressed as zip entries ("zip:" form), so assembly concatenates them
 * instead of decoding tens of thousands of rows and serialising them again.
 * Parts written before this form are still read: "gz:" (gzipped compact JSON
 * rows) and plain JSON rows.
 */
async function packPart(store: string, rows: unknown[]): Promise<string> {
  const files = await packStoreFiles(store, rows);
  return `zip:${JSON.stringify(files.map((f) => ({ ...f, data: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength).toString("base64") })))}`;
}

type TUnpacked = { rows: Record<string, unknown>[] } | { files: TZipEntry[] };

async function unpackPart(plain: string): Promise<TUnpacked> {
  if (plain.startsWith("zip:")) {
    const files = JSON.parse(plain.slice(4)) as (Omit<TZipEntry, "data"> & { data: string })[];
    return { files: files.map((f) => ({ ...f, data: Buffer.from(f.data, "base64") })) };
  }
  return { rows: JSON.parse(plain.startsWith("gz:") ? (await promisify(gunzip)(Buffer.from(plain.slice(3), "base64"))).toString("utf8") : plain) };
}

export function readProgress(value: unknown): TProgress {
  return value && typeof value === "object" ? (value as TProgress) : {};
}

async function setStoreProgress(tx: TTx, requestId: string, store: string, p: TStoreProgress): Promise<void> {
  await tx.$executeRaw`
    UPDATE "PrivacyRequest"
    SET progress = jsonb_set(jsonb_set(progress, '{stores}', coalesce(progress->'stores', '{}'::jsonb)), ARRAY['stores', ${store}], ${exportJson(p)}::jsonb),
        "updatedAt" = ${now()}
    WHERE id = ${requestId}`;
}

async function loadRequest(tx: TTx, tenantId: string, requestId: string) {
  const r = await tx.privacyRequest.findFirst({ where: { tenantId, id: requestId } });
  if (!r) throw new Error(`privacy request ${requestId} not found`);
  return r;
}

/**
 * First unit: fixes who the request is about (contacts and their identity
 * values) on the request, so later units and a resumed run work on the same
 * subject even after identities are erased. For an access request it also
 * creates the export the store units fill.
 */
export async function prepareFulfilment(tenantId: string, requestId: string): Promise<{ type: string; stores: string[]; exportId: string | null }> {
  return withTenantIncludingDeleted(tenantId, async (tx) => {
    const r = await loadRequest(tx, tenantId, requestId);
    const progress = readProgress(r.progress);
    const subject: TSubject = progress.subject ?? {
      tenantId,
      contactIds: r.contactIds,
      identities: await identitiesOf(tx, tenantId, r.contactIds),
      userId: r.userId,
    };
    let exportId = progress.exportId ?? null;
    if (!exportId && (r.type === "access" || r.type === "portability")) {
      const created = await tx.privacyExport.create({
        data: { tenantId, requestId, purpose: "subject", expiresAt: new Date(now().getTime() + DOWNLOAD_TTL_MS) },
        select: { id: true },
      });
      exportId = created.id;
    }
    const next: TProgress = { ...progress, subject, stores: progress.stores ?? {}, ...(exportId ? { exportId } : {}) };
    await tx.privacyRequest.update({ where: { id: requestId }, data: { progress: next as Prisma.InputJsonValue } });
    return { type: r.type, stores: DATA_STORES.map((s) => s.name), exportId };
  });
}

async function subjectOf(tx: TTx, tenantId: string, requestId: string): Promise<{ subject: TSubject; progress: TProgress }> {
  const r = await loadRequest(tx, tenantId, requestId);
  const progress = readProgress(r.progress);
  if (!progress.subject) throw new Error("fulfilment not prepared");
  return { subject: progress.subject, progress };
}

/** One store's rows into an encrypted export part (skipped when the part exists). */
export async function exportStore(tenantId: string, requestId: string, exportId: string, storeName: string, opts: { trackProgress: boolean }): Promise<{ rows: number }> {
  return withTenantIncludingDeleted(tenantId, async (tx) => {
    const existing = await tx.privacyExportPart.findFirst({ where: { tenantId, exportId, store: storeName }, select: { rowCount: true } });
    if (existing) return { rows: existing.rowCount };
    const { subject } = await subjectOf(tx, tenantId, requestId);
    const rows = await dataStore(storeName).exporter(tx, subject);
    await tx.privacyExportPart.create({
      data: { tenantId, exportId, store: storeName, rowCount: rows.length, ciphertext: encrypt(await packPart(storeName, rows), partAad(exportId, storeName)) },
    });
    if (opts.trackProgress) await setStoreProgress(tx, requestId, storeName, { status: "exported", rows: rows.length, at: now().toISOString() });
    return { rows: rows.length };
  });
}

/** The attachment files themselves (read through the storage module's hook), as `files/<id>-<name>`; a file gone from storage is listed in the JSON only. */
async function attachmentExportFiles(parts: readonly TExportPart[]): Promise<TExportFile[]> {
  const store = attachmentFiles();
  const part = parts.find((p) => p.store === "attachments");
  if (!store || !part) return [];
  const rows = "rows" in part ? part.rows : await readPackedRows(part.files, part.store);
  const out: TExportFile[] = [];
  for (const r of rows) {
    if (typeof r.storageKey !== "string" || typeof r.id !== "string") continue;
    const bytes = await store.read(r.storageKey);
    const name = String(r.fileName ?? "file").replace(/[^\w.() -]/g, "_").slice(0, 120);
    if (bytes) out.push({ path: `files/${r.id}-${name}`, bytes });
  }
  return out;
}

/** Assembles the parts into the encrypted zip and drops the parts. */
export async function assembleExport(tenantId: string, requestId: string, exportId: string): Promise<{ bytes: number; rowCounts: Record<string, number> }> {
  return withTenantIncludingDeleted(tenantId, async (tx) => {
    const ex = await tx.privacyExport.findFirst({ where: { tenantId, id: exportId }, select: { status: true, byteSize: true, rowCounts: true, purpose: true } });
    if (!ex) throw new Error("export not found");
    if (ex.status === "ready") return { bytes: ex.byteSize ?? 0, rowCounts: ex.rowCounts as Record<string, number> };
    const parts = await tx.privacyExportPart.findMany({ where: { tenantId, exportId } });
    const tenant = await tx.tenant.findFirst({ where: { id: tenantId }, select: { name: true } });
    const request = await loadRequest(tx, tenantId, requestId);
    const report = request.report as { retained?: TRetainedItem[] } | null;
    const byStore = new Map(parts.map((p) => [p.store, p]));
    const exportParts: TExportPart[] = await Promise.all(
      DATA_STORES.map(async (s) => {
        const p = byStore.get(s.name);
        if (!p) throw new Error(`export part missing: ${s.name}`);
        const unpacked = await unpackPart(decrypt(p.ciphertext, partAad(exportId, s.name)));
        return { store: s.name, label: s.label, category: s.category, ...("rows" in unpacked ? unpacked : { rowCount: p.rowCount, files: unpacked.files }) };
      }),
    );
    const zip = await buildExportZip(
      { requestId, tenantName: tenant?.name ?? "", generatedAt: now(), purpose: ex.purpose === "verification" ? "verification" : "subject", retained: ex.purpose === "verification" ? report?.retained ?? [] : undefined },
      exportParts,
      await attachmentExportFiles(exportParts),
    );
    const rowCounts = Object.fromEntries(exportParts.map((p) => [p.store, "rows" in p ? p.rows.length : p.rowCount]));
    await tx.privacyExport.update({
      where: { id: exportId },
      data: {
        status: "ready",
        ciphertext: encrypt(Buffer.from(zip).toString("base64"), exportAad(exportId)),
        sha256: createHash("sha256").update(zip).digest("hex"),
        byteSize: zip.byteLength,
        rowCounts,
      },
    });
    await tx.privacyExportPart.deleteMany({ where: { tenantId, exportId } });
    return { bytes: zip.byteLength, rowCounts };
  });
}

/** One store's erasure; recorded with its counts, so a resumed run never repeats it. */
export async function eraseStore(tenantId: string, requestId: string, storeName: string): Promise<TStoreProgress> {
  return withTenantIncludingDeleted(tenantId, async (tx) => {
    const { subject, progress } = await subjectOf(tx, tenantId, requestId);
    const done = progress.stores?.[storeName];
    if (done?.status === "erased") return done;
    const store = dataStore(storeName);
    const result: TEraseResult = await store.eraser(tx, subject);
    const entry: TStoreProgress = {
      status: "erased",
      counts: { deleted: result.deleted, anonymised: result.anonymised, retained: result.retained },
      retainedItems: result.retainedItems ?? [],
      at: now().toISOString(),
    };
    await setStoreProgress(tx, requestId, storeName, entry);
    return entry;
  });
}

export type TErasureReport = {
  completedAt: string;
  stores: { name: string; label: string; category: string; deleted: number; anonymised: number; retained: number }[];
  retained: TRetainedItem[];
};

/**
 * Restriction, objection and consent withdrawal: flags on the subject's
 * contacts; a withdrawal also appends its proof to the consent chain and
 * queues the vendor webhooks, in the same transaction.
 */
export async function applyFlags(tenantId: string, requestId: string): Promise<{ contacts: number; optOuts: number; consentRecord: boolean }> {
  const out = await withTenantIncludingDeleted(tenantId, async (tx) => {
    const r = await loadRequest(tx, tenantId, requestId);
    const progress = readProgress(r.progress);
    const subject = progress.subject;
    if (!subject || progress.flags) return { contacts: 0, optOuts: 0, consentRecord: false };
    const details = r.details as { scope?: string };
    let contacts = 0;
    let optOuts = 0;
    if (r.type === "restriction") {
      contacts = (await tx.contact.updateMany({ where: { tenantId, id: { in: subject.contactIds } }, data: { restricted: true } })).count;
    }
    if (r.type === "objection") {
      contacts = (await tx.contact.updateMany({ where: { tenantId, id: { in: subject.contactIds } }, data: { noProfiling: true } })).count;
    }
    if ((r.type === "objection" && details.scope === "direct_marketing") || r.type === "consent_withdrawal") {
      optOuts = await optOutEverywhere(tx, tenantId, subject.contactIds, r.type === "consent_withdrawal" ? "dsr_consent_withdrawal" : "dsr_objection");
    }
    let consent: TProgress["consent"] = null;
    if (r.type === "consent_withdrawal") {
      const proof = progress.requester ?? { country: "unknown", uaFamily: "unknown" };
      const appended = await appendServerWithdrawal(tx, tenantId, { userId: subject.userId, origin: ownOrigin(), locale: "en", ...proof });
      consent = appended && { recordId: appended.recordId, consentId: appended.consentId, withdrawn: appended.withdrawn };
    }
    const next: TProgress = { ...progress, ...(r.type === "consent_withdrawal" ? { consent } : {}), flags: { applied: r.type, at: now().toISOString() } };
    await tx.privacyRequest.update({ where: { id: requestId }, data: { progress: next as Prisma.InputJsonValue } });
    return { contacts, optOuts, consentRecord: Boolean(consent) };
  });
  if (out.consentRecord) relayOutboxSoon();
  return out;
}

/**
 * Records an opt-out on every channel type the subject has talked to the
 * tenant on: marketing consent is per channel (ContactOptIn), and a
 * withdrawal covers all of them.
 */
async function optOutEverywhere(tx: TTx, tenantId: string, contactIds: string[], source: string): Promise<number> {
  const channels = await tx.conversation.findMany({
    where: { tenantId, contactId: { in: contactIds } },
    select: { contactId: true, channel: { select: { type: true } } },
    distinct: ["contactId", "channelId"],
  });
  const existing = await tx.contactOptIn.findMany({ where: { tenantId, contactId: { in: contactIds } }, select: { contactId: true, channelType: true } });
  const pairs = new Map<string, { contactId: string; channelType: (typeof existing)[number]["channelType"] }>();
  for (const c of channels) pairs.set(`${c.contactId}:${c.channel.type}`, { contactId: c.contactId, channelType: c.channel.type });
  for (const e of existing) pairs.set(`${e.contactId}:${e.channelType}`, e);
  const at = now();
  for (const p of pairs.values()) {
    await tx.contactOptIn.upsert({
      where: { tenantId_contactId_channelType: { tenantId, contactId: p.contactId, channelType: p.channelType } },
      create: { tenantId, contactId: p.contactId, channelType: p.channelType, status: "opted_out", source, acknowledged: true, changedAt: at },
      update: { status: "opted_out", source, keyword: null, acknowledged: true, changedAt: at },
    });
  }
  return pairs.size;
}

/** Marks the request completed (erasure: with its report) and audits it. Idempotent. */
export async function completeRequest(tenantId: string, requestId: string): Promise<{ alreadyCompleted: boolean; report: TErasureReport | null }> {
  return withTenantIncludingDeleted(tenantId, async (tx) => {
    const r = await loadRequest(tx, tenantId, requestId);
    if (r.status === "completed") return { alreadyCompleted: true, report: (r.report as TErasureReport | null) ?? null };
    let report: TErasureReport | null = null;
    const at = now();
    if (r.type === "erasure") {
      const stores = readProgress(r.progress).stores ?? {};
      report = {
        completedAt: at.toISOString(),
        stores: DATA_STORES.map((s) => ({ name: s.name, label: s.label, category: s.category, ...(stores[s.name]?.counts ?? { deleted: 0, anonymised: 0, retained: 0 }) })),
        retained: DATA_STORES.flatMap((s) => stores[s.name]?.retainedItems ?? []),
      };
    }
    await tx.privacyRequest.update({
      where: { id: requestId },
      data: { status: "completed", completedAt: at, ...(report ? { report: report as unknown as Prisma.InputJsonValue } : {}) },
    });
    await recordAudit(tx, {
      tenantId,
      action: "privacy.request_completed",
      target: { type: "PrivacyRequest", id: requestId },
      metadata: {
        type: r.type,
        ...(report ? { erased: Object.fromEntries(report.stores.map((s) => [s.name, { deleted: s.deleted, anonymised: s.anonymised, retained: s.retained }])) } : {}),
      },
    });
    return { alreadyCompleted: false, report };
  });
}
