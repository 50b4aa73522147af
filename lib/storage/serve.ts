import "server-only";
import { jsonError } from "@/lib/http/errors";
import { requestNow } from "@/lib/clock";
import { readAttachment } from "./attachments";
import { isInlineSafe } from "./sniff";
import { verifyAttachmentToken } from "./signed-url";

/**
 * Answers a signed download URL. The signature binds tenant, attachment and
 * expiry, so the tenant read from the URL is trusted only after it verifies,
 * and the row is then looked up under that tenant's RLS context: a valid URL
 * for tenant A can never name a row of tenant B. Images and media that
 * browsers render safely are served inline; everything else downloads, with
 * nosniff and a sandboxing CSP in case a browser would render it anyway.
 *
 * Cross-Origin-Resource-Policy is `same-origin`, except for images a browser
 * draws: an email's inline (cid:) images are loaded by the email's frame,
 * which is sandboxed without allow-same-origin and so has an opaque origin
 * that `same-origin` (and `same-site`) refuse. CORP shields resources that
 * ambient credentials unlock; here the URL itself is the credential (no
 * cookie is read), so `cross-origin` gives a page nothing it could not fetch
 * with the URL anyway.
 */
const DRAWN_IMAGES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]);
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export async function serveAttachment(request: Request, id: string): Promise<Response> {
  if (!ID.test(id)) return jsonError(404, "not_found");
  const at = await requestNow();
  const check = verifyAttachmentToken(id, new URL(request.url).searchParams, at);
  if (!check.ok) return jsonError(403, check.reason === "expired" ? "link_expired" : "invalid_link", check.reason === "expired" ? "This download link has expired. Open the conversation again for a fresh one." : "This download link is not valid.");
  const file = await readAttachment(check.tenantId, id);
  if (!file) return jsonError(404, "not_found", "This attachment is no longer available.");
  const inline = isInlineSafe(file.contentType);
  const maxAge = Math.max(0, Math.floor((check.expiresAt.getTime() - at.getTime()) / 1000));
  return new Response(Buffer.from(file.bytes), {
    status: 200,
    headers: {
      "Content-Type": file.contentType === "text/plain" ? "text/plain; charset=utf-8" : file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
      "Cross-Origin-Resource-Policy": DRAWN_IMAGES.has(file.contentType) ? "cross-origin" : "same-origin",
      "Cache-Control": `private, max-age=${Math.min(maxAge, 3600)}`,
      ETag: `"${file.sha256}"`,
      "Referrer-Policy": "no-referrer",
    },
  });
}
