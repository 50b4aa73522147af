import "server-only";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { clientIpFromHeaders } from "@/lib/security/ip";
import { publicApiByIp } from "@/lib/security/limits";
import { defineLimit, ipRateKey, rateLimitResponse } from "@/lib/security/rate-limit";
import { isOriginAllowed, normalizeOrigin } from "@/lib/widget/origins";

/**
 * CORS for the consent endpoints: consent.js runs on customers' pages and calls
 * Sotto directly, so each response names the caller's origin when, and only
 * when, it is one of the config's allowed origins. No cookies cross sites:
 * requests from other sites are made without credentials.
 */
export function consentCors(request: Request, allowed: readonly string[]): Record<string, string> {
  const origin = normalizeOrigin(request.headers.get("origin"));
  const headers: Record<string, string> = { Vary: "Origin" };
  if (origin && isOriginAllowed(origin, allowed)) {
    headers["Access-Control-Allow-Origin"] = origin;
    headers["Access-Control-Expose-Headers"] = "Retry-After, ETag";
  }
  return headers;
}

export function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

export const consentJson = (data: unknown, status: number, headers: Record<string, string>) =>
  Response.json(data, { status, headers: { "Cache-Control": "no-store", ...headers } });

export const unknownKey = (headers: Record<string, string> = {}) =>
  jsonError(404, "unknown_key", "No consent configuration has this key", undefined, { headers });

export async function limitConsentByIp(request: Request, cors: Record<string, string> = {}): Promise<Response | null> {
  const r = await publicApiByIp.consume(ipRateKey(clientIpFromHeaders(request.headers, env.TRUSTED_PROXY_HOPS)));
  if (r.ok) return null;
  return withHeaders(rateLimitResponse(r.retryAfterSec), cors);
}

/**
 * Preflight for the records POST. The key travels in the query string too
 * (`/api/consent/records?key=…`), so only an allowed origin of that config gets
 * CORS approval; anyone else is refused before the browser sends the body.
 */
export async function consentPreflight(request: Request, allowedFor: (key: string) => Promise<readonly string[] | null>): Promise<Response> {
  const limited = await limitConsentByIp(request);
  if (limited) return limited;
  const origin = normalizeOrigin(request.headers.get("origin"));
  const key = new URL(request.url).searchParams.get("key") ?? "";
  const allowed = origin ? await allowedFor(key) : null;
  if (!origin || !allowed || !isOriginAllowed(origin, allowed)) {
    return new Response(null, { status: 403, headers: { Vary: "Origin", "Cache-Control": "no-store" } });
  }
  return new Response(null, {
    status: 204,
    headers: {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    },
  });
}

/** Consent records per client address: a person decides a handful of times; a script forging proof stops here. */
export const consentRecordsByIp = defineLimit("consent-records-ip", { points: 30, durationSec: 60 });

export async function limitRecordsByIp(request: Request, cors: Record<string, string>): Promise<Response | null> {
  const r = await consentRecordsByIp.consume(ipRateKey(clientIpFromHeaders(request.headers, env.TRUSTED_PROXY_HOPS)));
  if (r.ok) return null;
  return withHeaders(rateLimitResponse(r.retryAfterSec), cors);
}
