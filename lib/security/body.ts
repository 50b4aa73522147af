import { z } from "zod";
import { jsonError } from "@/lib/http/errors";

/**
 * Bounded body reading for public endpoints. Content-Length lets us refuse
 * early, but it can be absent (chunked) or wrong, so the stream itself is
 * counted and cancelled as soon as it passes the limit.
 */
export type TBodyResult = { ok: true; raw: Buffer } | { ok: false; response: Response };
export type TJsonBodyResult<T> = { ok: true; data: T; raw: Buffer } | { ok: false; response: Response };
export type TJsonBodyOptions = {
  maxBytes: number;
  /** Accepted media types (parameters such as charset are ignored). */
  contentTypes?: readonly string[];
};

/**
 * Bodies already read off the socket by the production server's direct
 * dispatch (lib/http/direct-dispatch.ts), keyed by their Request, which then
 * has no body stream of its own: building one around bytes already in memory
 * was a tenth of that path's cost.
 */
const preRead = new WeakMap<Request, Buffer>();

export function attachRawBody(request: Request, raw: Buffer): Request {
  preRead.set(request, raw);
  return request;
}

const tooLarge = (maxBytes: number) => jsonError(413, "payload_too_large", `Request body exceeds ${maxBytes} bytes`, { maxBytes });

/** True when a Content-Length header states more than `maxBytes`. Absent or malformed: false (the stream is counted instead). */
export function declaresMoreThan(contentLength: string | null | undefined, maxBytes: number): boolean {
  return contentLength != null && /^\d+$/.test(contentLength.trim()) && Number(contentLength) > maxBytes;
}

export async function readBodyLimited(request: Request, maxBytes: number): Promise<TBodyResult> {
  if (declaresMoreThan(request.headers.get("content-length"), maxBytes)) return { ok: false, response: tooLarge(maxBytes) };
  const raw = preRead.get(request);
  if (raw) return raw.length > maxBytes ? { ok: false, response: tooLarge(maxBytes) } : { ok: true, raw };
  if (!request.body) return { ok: true, raw: Buffer.alloc(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        // Stop pulling from the socket instead of buffering the rest of an oversized upload.
        await reader.cancel().catch(() => undefined);
        return { ok: false, response: tooLarge(maxBytes) };
      }
      chunks.push(value);
    }
  } catch {
    // The client aborted or sent a malformed stream; nothing useful can be answered.
    return { ok: false, response: jsonError(400, "body_read_failed") };
  }
  return { ok: true, raw: Buffer.concat(chunks, total) };
}

export function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** 415 wrong content type, 413 too large, 400 malformed JSON or wrong shape (zod issues flattened). */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  { maxBytes, contentTypes = ["application/json"] }: TJsonBodyOptions,
): Promise<TJsonBodyResult<z.output<S>>> {
  const type = mediaTypeOf(request);
  if (!contentTypes.includes(type)) {
    return { ok: false, response: jsonError(415, "unsupported_media_type", `Expected ${contentTypes.join(" or ")}`) };
  }
  const body = await readBodyLimited(request, maxBytes);
  if (!body.ok) return body;

  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(body.raw));
  } catch {
    return { ok: false, response: jsonError(400, "invalid_json", "Request body is not valid JSON") };
  }
  const parsed = await schema.safeParseAsync(json);
  if (!parsed.success) {
    return { ok: false, response: jsonError(400, "invalid_body", "Request body does not match the expected shape", z.flattenError(parsed.error)) };
  }
  return { ok: true, data: parsed.data, raw: body.raw };
}
