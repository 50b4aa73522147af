import "server-only";
import { withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { decrypt } from "@/lib/crypto/key-ring";
import { recordAudit } from "@/lib/audit/record";
import { exportAad } from "./fulfil";
import { verifyDownloadToken } from "./secrets";

export type TDownload =
  | { ok: true; bytes: Buffer; fileName: string }
  | { ok: false; status: 400 | 403 | 404 | 410; code: "invalid_link" | "tampered_link" | "expired" | "already_used" | "not_found"; message: string };

const refusal = (status: 400 | 403 | 404 | 410, code: Extract<TDownload, { ok: false }>["code"], message: string): TDownload => ({ ok: false, status, code, message });

/**
 * Hands out an export exactly once: the signature proves the link is ours and
 * unaltered, its expiry is checked, and the row is claimed in one locked
 * transaction that also wipes the ciphertext, so a second use (or a race of
 * two) finds nothing to return.
 */
export async function consumeDownload(token: string | null, ctx: { requestId?: string | null; ipPrefix?: string | null } = {}): Promise<TDownload> {
  const at = now();
  const check = verifyDownloadToken(token, at);
  if (!check.ok) {
    if (check.reason === "malformed") return refusal(400, "invalid_link", "This download link is not valid. Use the link from your message exactly as sent.");
    if (check.reason === "bad_signature") return refusal(403, "tampered_link", "This download link has been altered and cannot be used.");
    return refusal(410, "expired", "This download link has expired (links work for 7 days). Make a new request to get a fresh copy.");
  }
  const { tenantId, exportId } = check.claims;
  return withTenant(tenantId, async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; requestId: string; ciphertext: string | null; expiresAt: Date; downloadedAt: Date | null; status: string; purpose: string }[]>`
      SELECT id, "requestId", ciphertext, "expiresAt", "downloadedAt", status, purpose FROM "PrivacyExport"
      WHERE "tenantId" = ${tenantId} AND id = ${exportId} FOR UPDATE`;
    const ex = rows[0];
    if (!ex || ex.purpose !== "subject") return refusal(404, "not_found", "This download no longer exists.");
    if (ex.downloadedAt || !ex.ciphertext) return refusal(410, "already_used", "This download link has already been used: each link works once. Make a new request to get another copy.");
    if (ex.expiresAt.getTime() <= at.getTime()) return refusal(410, "expired", "This download link has expired (links work for 7 days). Make a new request to get a fresh copy.");
    if (ex.status !== "ready") return refusal(404, "not_found", "This download is not ready yet.");
    const bytes = Buffer.from(decrypt(ex.ciphertext, exportAad(ex.id)), "base64");
    await tx.privacyExport.update({ where: { id: ex.id }, data: { downloadedAt: at, ciphertext: null } });
    await recordAudit(tx, { tenantId, action: "privacy.export_downloaded", target: { type: "PrivacyRequest", id: ex.requestId }, metadata: { exportId: ex.id, bytes: bytes.byteLength }, context: ctx });
    return { ok: true, bytes, fileName: `privacy-export-${at.toISOString().slice(0, 10)}.zip` };
  });
}

/** An admin's copy of a verification export (dashboard only, while it has not expired). */
export async function verificationExportBytes(tenantId: string, requestId: string, exportId: string): Promise<Buffer | null> {
  const at = now();
  return withTenant(tenantId, async (tx) => {
    const ex = await tx.privacyExport.findFirst({ where: { tenantId, id: exportId, requestId, purpose: "verification", status: "ready" }, select: { id: true, ciphertext: true, expiresAt: true } });
    if (!ex?.ciphertext || ex.expiresAt.getTime() <= at.getTime()) return null;
    return Buffer.from(decrypt(ex.ciphertext, exportAad(ex.id)), "base64");
  });
}

export type TDownloadState = { ok: true; expiresAt: Date; byteSize: number | null } | Extract<TDownload, { ok: false }>;

/** What the download page shows before anything is handed out (nothing is consumed here). */
export async function inspectDownload(token: string | null): Promise<TDownloadState> {
  const at = now();
  const check = verifyDownloadToken(token, at);
  if (!check.ok) {
    if (check.reason === "malformed") return refusal(400, "invalid_link", "This download link is not valid. Use the link from your message exactly as sent.") as TDownloadState;
    if (check.reason === "bad_signature") return refusal(403, "tampered_link", "This download link has been altered and cannot be used.") as TDownloadState;
    return refusal(410, "expired", "This download link has expired (links work for 7 days). Make a new request to get a fresh copy.") as TDownloadState;
  }
  const { tenantId, exportId } = check.claims;
  const ex = await withTenant(tenantId, (tx) =>
    tx.privacyExport.findFirst({ where: { tenantId, id: exportId, purpose: "subject" }, select: { status: true, downloadedAt: true, ciphertext: true, expiresAt: true, byteSize: true } }),
  );
  if (!ex) return refusal(404, "not_found", "This download no longer exists.") as TDownloadState;
  if (ex.downloadedAt || !ex.ciphertext) return refusal(410, "already_used", "This download link has already been used: each link works once. Make a new request to get another copy.") as TDownloadState;
  if (ex.expiresAt.getTime() <= at.getTime()) return refusal(410, "expired", "This download link has expired (links work for 7 days). Make a new request to get a fresh copy.") as TDownloadState;
  return { ok: true, expiresAt: ex.expiresAt, byteSize: ex.byteSize };
}
