import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { attachmentUploadByUser } from "@/lib/security/limits";
import { rateLimitResponse } from "@/lib/security/rate-limit";
import { log } from "@/lib/log";
import { now } from "@/lib/clock";
import { storeAttachment, sweepUnlinkedUploads } from "./attachments";
import { AttachmentRefused, formatLimit, tooLarge } from "./errors";
import { ScannerUnavailable } from "./scan";
import { attachmentUrl } from "./signed-url";

/**
 * Composer uploads: `POST /api/attachments?tenant=<slug>&name=<file name>` with
 * the raw file as the body (not multipart, so the body is streamed through the
 * size check instead of being parsed into memory first). Content-Length is
 * required and checked before reading: an oversized file is refused with 413
 * at once, and a body that ends short of it (a cut connection, or a proxy
 * that stopped buffering) is refused rather than stored truncated. The file is
 * stored unlinked (`messageId` null) and linked when the reply is queued.
 */
export const ZUploadQuery = z.object({
  tenant: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1, "The file needs a name.").max(255, "The file name is too long."),
});

export type TUploadResult = { id: string; fileName: string; contentType: string; size: number; url: string };

/** HTTP status of each refusal: 413 too large, 415 type not allowed, 400 empty or badly named, 422 flagged by the virus scanner. */
export const REFUSAL_STATUS: Record<AttachmentRefused["code"], number> = { too_large: 413, empty: 400, type_not_allowed: 415, bad_name: 400, infected: 422 };

export function refusalResponse(e: AttachmentRefused, headers?: HeadersInit): Response {
  return jsonError(REFUSAL_STATUS[e.code], e.code, e.message, undefined, { headers });
}

/**
 * Content-Length, checked before a byte is read: 411 missing, 413 over `limit`
 * (at once, with the limit in `details`), 400 empty. Else the body, failing
 * with IncompleteUpload when it carries more or fewer bytes than it said.
 * Shared by composer and widget uploads; `headers` go on a refusal (CORS).
 */
export function declaredBody(request: Request, limit: number, headers?: HeadersInit): { ok: true; body: AsyncIterable<Uint8Array> } | { ok: false; response: Response } {
  const declared = request.headers.get("content-length");
  if (declared === null || !/^\d{1,12}$/.test(declared)) return { ok: false, response: jsonError(411, "length_required", "The upload must state its size (Content-Length).", undefined, { headers }) };
  const length = Number(declared);
  if (length > limit) return { ok: false, response: jsonError(413, "too_large", tooLarge(limit).message, { maxBytes: limit, size: length }, { headers }) };
  if (length === 0 || !request.body) return { ok: false, response: refusalResponse(new AttachmentRefused("empty", "The file is empty."), headers) };
  return { ok: true, body: countedBody(request.body, length) };
}

/** The answer to an upload that failed while its bytes were read and checked, or null for an error that is not the sender's. */
export function uploadFailure(error: unknown, headers?: HeadersInit): Response | null {
  if (error instanceof AttachmentRefused) return refusalResponse(error, headers);
  if (error instanceof IncompleteUpload) return jsonError(400, "incomplete_upload", "The upload did not arrive complete. Try again.", undefined, { headers });
  if (error instanceof ScannerUnavailable) {
    log.error("attachment refused: the virus scanner is unavailable", { error: error.message });
    return jsonError(503, "scanner_unavailable", "Files cannot be checked for viruses right now, so none are accepted. Try again in a moment.", undefined, { headers: { ...Object.fromEntries(new Headers(headers)), "Retry-After": "30" } });
  }
  return null;
}

export async function handleUpload(request: Request, member: { tenantId: string; userId: string }): Promise<Response> {
  const limited = await attachmentUploadByUser.consume(`${member.tenantId}:${member.userId}`);
  if (!limited.ok) return rateLimitResponse(limited.retryAfterSec);
  const query = ZUploadQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return jsonError(400, "invalid", query.error.issues[0]?.message ?? "Invalid upload.");
  const limit = env.ATTACHMENT_MAX_BYTES;
  const declared = declaredBody(request, limit);
  if (!declared.ok) return declared.response;
  try {
    const stored = await storeAttachment({ tenantId: member.tenantId, fileName: query.data.name, body: declared.body, maxBytes: limit });
    log.info("attachment uploaded", { tenantId: member.tenantId, attachmentId: stored.id, size: stored.size, contentType: stored.contentType });
    await sweepUnlinkedUploads(member.tenantId, now()).catch((error: unknown) => log.warn("abandoned uploads not swept", { tenantId: member.tenantId, error: String(error) }));
    const result: TUploadResult = { id: stored.id, fileName: stored.fileName, contentType: stored.contentType, size: stored.size, url: attachmentUrl(member.tenantId, stored.id, now()) };
    return Response.json(result, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const refused = uploadFailure(error);
    if (refused) return refused;
    throw error;
  }
}

/** The body carried fewer or more bytes than its Content-Length said (a cut connection): nothing is stored. */
export class IncompleteUpload extends Error {}

/** The body, failing when it carries more or fewer bytes than Content-Length said. */
export async function* countedBody(body: ReadableStream<Uint8Array>, expected: number): AsyncIterable<Uint8Array> {
  let seen = 0;
  const reader = body.getReader();
  try {
    while (true) {
      const r = await reader.read();
      if (r.done) break;
      seen += r.value.byteLength;
      if (seen > expected) throw new IncompleteUpload();
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
  if (seen !== expected) throw new IncompleteUpload();
}

export const uploadLimitText = () => formatLimit(env.ATTACHMENT_MAX_BYTES);
