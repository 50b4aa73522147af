import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { decrypt, encrypt } from "@/lib/crypto/key-ring";
import { recordAuditOn } from "@/lib/audit/record";
import { buildExportZip, exportJson, JsonFilesPacker, readPackedRows, type TExportFile, type TExportPart, type TZipEntry } from "./export-zip";
import { attachmentFiles } from "./stores/attachments";
import { DATA_STORES, dataStore } from "./stores/all";
import type { TEraseResult, TRetainedItem, TSubject } from "./registry";
import { identitiesOf } from "./subject";
import { pgQuery, withRawTenantIncludingDeleted, withTenantIncludingDeleted } from "./tx";
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
function partText(files: readonly TZipEntry[]): string {
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

/** Timestamps are stored without time zone, in UTC: passed as UTC text, whatever the process's zone (the raw `pg` client would send local time). */
const utcText = (d: Date) => d.toISOString().slice(0, 23);

const storeProgressSql = (requestId: string, store: string, p: TStoreProgress) => Prisma.sql`
    UPDATE "PrivacyRequest"
    SET progress = jsonb_set(jsonb_set(progress, '{stores}', coalesce(progress->'stores', '{}'::jsonb)), ARRAY['stores', ${store}], ${exportJson(p)}::jsonb),
        "updatedAt" = ${utcText(now())}::timestamp
    WHERE id = ${requestId}`;

async function setStoreProgress(tx: TTx, requestId: string, store: string, p: TStoreProgress): Promise<void> {
  await tx.$executeRaw(storeProgressSql(requestId, store, p));
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
 * creates the export the store units fill. On the raw pool, as the export
 * steps (Prisma compiles each query shape on first use: a worker's first
 * request paid for it here).
 */
export async function prepareFulfilment(tenantId: string, requestId: string): Promise<{ type: string; stores: string[]; exportId: string | null }> {
  return withRawTenantIncludingDeleted(tenantId, async (c) => {
    const { rows: [r] } = await c.query<{ type: string; contactIds: string[]; userId: string | null; progress: unknown }>(
      `SELECT type::text AS type, "contactIds", "userId", progress FROM "PrivacyRequest" WHERE "tenantId" = $1 AND id = $2`,
      [tenantId, requestId],
    );
    if (!r) throw new Error(`privacy request ${requestId} not found`);
    const progress = readProgress(r.progress);
    const subject: TSubject = progress.subject ?? {
      tenantId,
      contactIds: r.contactIds,
      identities: await identitiesOf(pgQuery(c), tenantId, r.contactIds),
      userId: r.userId,
    };
    let exportId = progress.exportId ?? null;
    if (!exportId && (r.type === "access" || r.type === "portability")) {
      exportId = `px${randomBytes(12).toString("hex")}`;
      const at = now();
      await c.query(
        `INSERT INTO "PrivacyExport" (id, "tenantId", "requestId", purpose, "expiresAt", "createdAt") VALUES ($1, $2, $3, 'subject', $4::timestamp, $5::timestamp)`,
        [exportId, tenantId, requestId, utcText(new Date(at.getTime() + DOWNLOAD_TTL_MS)), utcText(at)],
      );
    }
    const next: TProgress = { ...progress, subject, stores: progress.stores ?? {}, ...(exportId ? { exportId } : {}) };
    await c.query(`UPDATE "PrivacyRequest" SET progress = $3::jsonb, "updatedAt" = $4::timestamp WHERE "tenantId" = $1 AND id = $2`, [
      tenantId,
      requestId,
      JSON.stringify(next),
      utcText(now()),
    ]);
    return { type: r.type, stores: DATA_STORES.map((s) => s.name), exportId };
  });
}

async function subjectOf(tx: TTx, tenantId: string, requestId: string): Promise<{ subject: TSubject; progress: TProgress }> {
  const r = await loadRequest(tx, tenantId, requestId);
  const progress = readProgress(r.progress);
  if (!progress.subject) throw new Error("fulfilment not prepared");
  return { subject: progress.subject, progress };
}

/** Rows per FETCH of an export cursor (a batch for JsonFilesPacker). */
const FETCH_ROWS = 500;

/**
 * One store's rows into an encrypted export part (skipped when the part
 * exists), on the raw pool: the store's `exportSql` statement is read through
 * a cursor, and each FETCH goes out before the previous batch is written, so
 * PostgreSQL serialises a batch while Node writes the last one and the thread
 * pool compresses the one before.
 */
export async function exportStore(tenantId: string, requestId: string, exportId: string, storeName: string, opts: { trackProgress: boolean }): Promise<{ rows: number }> {
  const store = dataStore(storeName);
  return withRawTenantIncludingDeleted(tenantId, async (c) => {
    const { rows: [head] } = await c.query<{ existing: number | null; found: boolean; subject: TSubject | null }>(
      `SELECT (SELECT "rowCount" FROM "PrivacyExportPart" WHERE "tenantId" = $1 AND "exportId" = $2 AND store = $3) AS existing,
              EXISTS (SELECT 1 FROM "PrivacyRequest" WHERE "tenantId" = $1 AND id = $4) AS found,
              (SELECT progress->'subject' FROM "PrivacyRequest" WHERE "tenantId" = $1 AND id = $4) AS subject`,
      [tenantId, exportId, storeName, requestId],
    );
    if (head?.existing != null) return { rows: head.existing };
    if (!head?.found) throw new Error(`privacy request ${requestId} not found`);
    if (!head.subject) throw new Error("fulfilment not prepared");
    const packer = new JsonFilesPacker(storeName);
    let files: TZipEntry[];
    try {
      const sql = await store.exportSql(pgQuery(c), head.subject);
      if (sql) {
        await c.query(`DECLARE privacy_export NO SCROLL CURSOR FOR ${sql.text}`, sql.values);
        const fetch = () => {
          const pending = c.query<[string]>({ text: `FETCH ${FETCH_ROWS} FROM privacy_export`, rowMode: "array" });
          // Awaited below; if writing a batch fails first, a failure of the FETCH in flight must not go unhandled.
          pending.catch(() => undefined);
          return pending;
        };
        for (let next = fetch(); ; ) {
          const { rows } = await next;
          if (!rows.length) break;
          if (rows.length === FETCH_ROWS) next = fetch();
          await packer.add(rows.map((r) => r[0]));
          if (rows.length < FETCH_ROWS) break;
        }
        await c.query("CLOSE privacy_export");
      }
      files = await packer.finish();
    } catch (error) {
      packer.abort();
      throw error;
    }
    const ciphertext = encrypt(partText(files), partAad(exportId, storeName));
    // Parts are dropped once assembled; the id only has to be unique.
    await c.query(
      `INSERT INTO "PrivacyExportPart" (id, "tenantId", "exportId", store, "rowCount", ciphertext, "createdAt") VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6::timestamp)`,
      [tenantId, exportId, storeName, packer.rowCount, ciphertext, utcText(now())],
    );
    if (opts.trackProgress) {
      const progress = storeProgressSql(requestId, storeName, { status: "exported", rows: packer.rowCount, at: now().toISOString() });
      await c.query(progress.text, progress.values);
    }
    return { rows: packer.rowCount };
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

/**
 * Assembles the parts into the encrypted zip and drops the parts. On the raw
 * pool like the export steps: the zip's ciphertext is a parameter of most of
 * a megabyte, which Prisma's query compiler handled far slower than pg.
 */
export async function assembleExport(tenantId: string, requestId: string, exportId: string): Promise<{ bytes: number; rowCounts: Record<string, number> }> {
  return withRawTenantIncludingDeleted(tenantId, async (c) => {
    const { rows: [ex] } = await c.query<{ status: string; byteSize: number | null; rowCounts: Record<string, number>; purpose: string }>(
      `SELECT status, "byteSize", "rowCounts", purpose FROM "PrivacyExport" WHERE "tenantId" = $1 AND id = $2`,
      [tenantId, exportId],
    );
    if (!ex) throw new Error("export not found");
    if (ex.status === "ready") return { bytes: ex.byteSize ?? 0, rowCounts: ex.rowCounts };
    const { rows: parts } = await c.query<{ store: string; rowCount: number; ciphertext: string }>(
      `SELECT store, "rowCount", ciphertext FROM "PrivacyExportPart" WHERE "tenantId" = $1 AND "exportId" = $2`,
      [tenantId, exportId],
    );
    const { rows: [request] } = await c.query<{ report: { retained?: TRetainedItem[] } | null; tenant_name: string | null }>(
      `SELECT r.report, (SELECT t.name FROM "Tenant" t WHERE t.id = $1) AS tenant_name FROM "PrivacyRequest" r WHERE r."tenantId" = $1 AND r.id = $2`,
      [tenantId, requestId],
    );
    if (!request) throw new Error(`privacy request ${requestId} not found`);
    const report = request.report;
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
      { requestId, tenantName: request.tenant_name ?? "", generatedAt: now(), purpose: ex.purpose === "verification" ? "verification" : "subject", retained: ex.purpose === "verification" ? report?.retained ?? [] : undefined },
      exportParts,
      await attachmentExportFiles(exportParts),
    );
    const rowCounts = Object.fromEntries(exportParts.map((p) => [p.store, "rows" in p ? p.rows.length : p.rowCount]));
    await c.query(
      `UPDATE "PrivacyExport" SET status = 'ready', ciphertext = $3, sha256 = $4, "byteSize" = $5, "rowCounts" = $6::jsonb WHERE "tenantId" = $1 AND id = $2`,
      [
        tenantId,
        exportId,
        encrypt(Buffer.from(zip).toString("base64"), exportAad(exportId)),
        createHash("sha256").update(zip).digest("hex"),
        zip.byteLength,
        JSON.stringify(rowCounts),
      ],
    );
    await c.query(`DELETE FROM "PrivacyExportPart" WHERE "tenantId" = $1 AND "exportId" = $2`, [tenantId, exportId]);
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

/** Marks the request completed (erasure: with its report) and audits it. Idempotent. On the raw pool, as prepareFulfilment. */
export async function completeRequest(tenantId: string, requestId: string): Promise<{ alreadyCompleted: boolean; report: TErasureReport | null }> {
  return withRawTenantIncludingDeleted(tenantId, async (c) => {
    const { rows: [r] } = await c.query<{ type: string; status: string; progress: unknown; report: TErasureReport | null }>(
      `SELECT type::text AS type, status::text AS status, progress, report FROM "PrivacyRequest" WHERE "tenantId" = $1 AND id = $2`,
      [tenantId, requestId],
    );
    if (!r) throw new Error(`privacy request ${requestId} not found`);
    if (r.status === "completed") return { alreadyCompleted: true, report: r.report ?? null };
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
    await c.query(
      `UPDATE "PrivacyRequest" SET status = 'completed', "completedAt" = $3::timestamp, "updatedAt" = $3::timestamp, report = coalesce($4::jsonb, report)
       WHERE "tenantId" = $1 AND id = $2`,
      [tenantId, requestId, utcText(at), report ? JSON.stringify(report) : null],
    );
    await recordAuditOn(c, {
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
