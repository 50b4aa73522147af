import { jsonError, route } from "@/lib/http/errors";
import { requestContextFrom } from "@/lib/http/request-context";
import { consumeDownload } from "@/lib/privacy/download";
import { publicApiByIp } from "@/lib/security/limits";
import { ipRateKey } from "@/lib/security/rate-limit";

/**
 * The one place an export leaves Sotto: GET with the signed token from the
 * requester's message. Tampered (403), malformed (400), expired or already
 * used (410) links get a JSON error with a readable message; a good one gets
 * the zip, once.
 */
export const GET = route(async (request: Request) => {
  const ctx = requestContextFrom(request.headers);
  const limited = await publicApiByIp.consume(ipRateKey(ctx.ip));
  if (!limited.ok) return jsonError(429, "rate_limited", "Too many requests. Try again in a minute.", undefined, { headers: { "Retry-After": String(limited.retryAfterSec) } });
  const token = new URL(request.url).searchParams.get("t");
  const result = await consumeDownload(token, { requestId: ctx.requestId, ipPrefix: ctx.ipPrefix });
  if (!result.ok) return jsonError(result.status, result.code, result.message);
  return new Response(new Uint8Array(result.bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${result.fileName}"`,
      "Content-Length": String(result.bytes.byteLength),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
});
