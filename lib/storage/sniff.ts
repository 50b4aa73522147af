import { fileTypeFromBuffer } from "file-type";
import { AttachmentRefused } from "./errors";

/**
 * The content type of an attachment, decided from its bytes (file-type reads
 * the magic numbers); what the sender declared is never trusted. Policy:
 * - a sniffed type on the allow-list is stored as such;
 * - a sniffed type off the list (executables, archives other than Office
 *   documents, HTML-capable formats…) is refused;
 * - no magic number: valid UTF-8 text without NUL bytes is `text/plain`
 *   (CSV, vCard and plain notes all land here and are served as downloads);
 *   anything else is unknown binary and refused. SVG has no magic number and
 *   is text that can carry script, so it is stored as text/plain, never as an
 *   image.
 */
export const ALLOWED_TYPES = new Set([
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
  "image/heic",
  "image/avif",
  "application/pdf",
  "audio/mpeg",
  "audio/ogg",
  "audio/aac",
  "audio/amr",
  "audio/mp4",
  "audio/wav",
  "audio/webm",
  "video/mp4",
  "video/3gpp",
  "video/quicktime",
  "video/webm",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/zip",
  "text/plain",
]);

/** Served with `Content-Disposition: inline` (images shown in the inbox, media played); everything else downloads. */
const INLINE = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "audio/mpeg", "audio/ogg", "audio/mp4", "audio/wav", "video/mp4", "video/webm"]);

export const isInlineSafe = (contentType: string) => INLINE.has(contentType);

// file-type's names for a few formats differ from what mail clients and providers use.
const ALIASES: Record<string, string> = { "audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/x-m4a": "audio/mp4", "video/x-m4v": "video/mp4", "audio/vnd.wave": "audio/wav" };

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export async function sniffContentType(bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength === 0) throw new AttachmentRefused("empty", "The file is empty.");
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    const mime = ALIASES[found.mime] ?? found.mime;
    if (ALLOWED_TYPES.has(mime)) return mime;
    throw new AttachmentRefused("type_not_allowed", `Files of type ${mime} cannot be attached.`);
  }
  if (looksLikeText(bytes.subarray(0, 64 * 1024))) return "text/plain";
  throw new AttachmentRefused("type_not_allowed", "This kind of file cannot be attached (its type could not be recognised).");
}
