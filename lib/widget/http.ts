import "server-only";
import { withTenant, type TTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { clientIpFromHeaders } from "@/lib/security/ip";
import { publicApiByIp } from "@/lib/security/limits";
import { ipRateKey, rateLimitResponse } from "@/lib/security/rate-limit";
import { widgetChannelById, widgetChannelByKey, type TWidgetChannel } from "./channel";
import { isOriginAllowed, normalizeOrigin } from "./origins";
import { verifyVisitorToken, type TVisitorClaims } from "./token";

/**
 * Request plumbing shared by the widget API routes. Browsers reach the API two
 * ways: from Sotto's own chat frame (same origin as APP_URL), or directly from
 * a customer's page, which must be one of the channel's allowed origins and
 * gets CORS headers naming exactly that origin. No cookies are involved:
 * the visitor token travels in the Authorization header, never in a URL.
 */

export const ownOrigin = () => normalizeOrigin(new URL(env.APP_URL).origin)!;

export type TCaller = "frame" | "site";

/** Who is calling: our frame, an allowed site, or null (refuse). */
export function callerOf(request: Request, allowedOrigins: readonly string[]): TCaller | null {
  const origin = request.headers.get("origin");
  // Fetch metadata is set by the browser and cannot be written by page scripts: our own frame,
  // even when it was reached under another name for this host than APP_URL.
  if (request.headers.get("sec-fetch-site") === "same-origin") return "frame";
  if (origin !== null) {
    const o = normalizeOrigin(origin);
    if (o && o === ownOrigin()) return "frame";
    return isOriginAllowed(o, allowedOrigins) ? "site" : null;
  }
  // Browsers omit Origin on same-origin GETs; their fetch metadata (handled above) still says where they came from.
  if (request.headers.get("sec-fetch-site") !== null) return null;
  // No browser provenance at all (a server-side client): reads are fine with a token, writes are not.
  return request.method === "GET" || request.method === "HEAD" ? "frame" : null;
}

/** CORS headers for a response: the caller's origin when it is an allowed site, else none. */
export function corsHeaders(request: Request, allowedOrigins: readonly string[]): Record<string, string> {
  const origin = normalizeOrigin(request.headers.get("origin"));
  const headers: Record<string, string> = { Vary: "Origin" };
  if (origin && origin !== ownOrigin() && isOriginAllowed(origin, allowedOrigins)) {
    headers["Access-Control-Allow-Origin"] = origin;
    headers["Access-Control-Expose-Headers"] = "Retry-After";
  }
  return headers;
}

export function widgetJson(data: unknown, status: number, cors: Record<string, string>): Response {
  return Response.json(data, { status, headers: { ...cors, "Cache-Control": "no-store" } });
}

export const originRefused = (cors: Record<string, string> = {}) =>
  jsonError(403, "origin_not_allowed", "This website is not allowed to use this chat widget", undefined, { headers: cors });

export const widgetNotFound = () => jsonError(404, "widget_not_found", "No active chat widget has this key");

/** The per-address budget of every public widget request; null when within it. */
export async function limitByIp(request: Request, cors: Record<string, string> = {}): Promise<Response | null> {
  const r = await publicApiByIp.consume(ipRateKey(clientIpFromHeaders(request.headers, env.TRUSTED_PROXY_HOPS)));
  if (r.ok) return null;
  return withCors(rateLimitResponse(r.retryAfterSec), cors);
}

/** `response` with the caller's CORS headers added: a refusal made by a shared helper must still be readable by an allowed site. */
export function withCors(response: Response, cors: Record<string, string>): Response {
  for (const [k, v] of Object.entries(cors)) response.headers.set(k, v);
  return response;
}

/** `Authorization: Bearer <token>`, or null. */
export function bearerToken(request: Request): string | null {
  const h = request.headers.get("authorization");
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1] ?? null;
}

export type TVisitorContext = { claims: TVisitorClaims; channel: TWidgetChannel; cors: Record<string, string>; caller: TCaller };

type TAuthResult = { ok: true; ctx: TVisitorContext } | { ok: false; response: Response };

function verifyToken(token: string | null, now: Date): { ok: true; claims: TVisitorClaims } | { ok: false; response: Response } {
  if (!token) return { ok: false, response: jsonError(401, "missing_token", "A visitor token is required") };
  const verified = verifyVisitorToken(token, { now });
  if (!verified.ok) return { ok: false, response: jsonError(401, verified.reason === "expired" ? "token_expired" : "invalid_token", "The visitor token is not valid") };
  return verified;
}

/**
 * Inside the token's tenant transaction: the channel is still an active
 * widget, and the caller and the site the token was issued for are still
 * allowed (removing a site from the settings cuts its visitors off).
 */
async function authorize(tx: TTx, request: Request, claims: TVisitorClaims): Promise<TAuthResult> {
  const channel = await widgetChannelById(tx, claims.tid, claims.cid);
  if (!channel?.active) return { ok: false, response: widgetNotFound() };
  const allowed = channel.settings.allowedOrigins;
  const cors = corsHeaders(request, allowed);
  const caller = callerOf(request, allowed);
  if (!caller || !isOriginAllowed(claims.org, allowed)) return { ok: false, response: originRefused(cors) };
  return { ok: true, ctx: { claims, channel, cors, caller } };
}

/** 401 bad or missing token, 404 channel gone or inactive, 403 origin; else the visitor's context. */
export async function authenticateVisitor(request: Request, token: string | null, now: Date): Promise<TAuthResult> {
  const v = verifyToken(token, now);
  if (!v.ok) return v;
  return withTenant(v.claims.tid, (tx) => authorize(tx, request, v.claims));
}

/** authenticateVisitor and `work` in one tenant transaction (reads). */
export async function withVisitor(
  request: Request,
  token: string | null,
  now: Date,
  work: (tx: TTx, ctx: TVisitorContext) => Promise<Response>,
): Promise<Response> {
  const v = verifyToken(token, now);
  if (!v.ok) return v.response;
  return withTenant(v.claims.tid, async (tx) => {
    const auth = await authorize(tx, request, v.claims);
    return auth.ok ? work(tx, auth.ctx) : auth.response;
  });
}

/**
 * CORS preflight for direct API use from an allowed site. A preflight carries
 * no token, so the channel is named by `?key=`; anything else gets a 403
 * without CORS headers and the browser never sends the real request.
 */
export async function preflight(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const key = new URL(request.url).searchParams.get("key") ?? "";
  const channel = await widgetChannelByKey(key);
  const origin = normalizeOrigin(request.headers.get("origin"));
  if (!channel?.active || !origin || !isOriginAllowed(origin, channel.settings.allowedOrigins)) {
    return new Response(null, { status: 403, headers: { Vary: "Origin", "Cache-Control": "no-store" } });
  }
  return new Response(null, {
    status: 204,
    headers: {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": "Authorization, Content-Type, Last-Event-ID",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    },
  });
}
