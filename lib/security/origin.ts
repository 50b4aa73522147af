import { env } from "@/lib/env";

/**
 * CSRF defence for route handlers: a browser always tells us where a mutating
 * request came from (Origin, else Sec-Fetch-Site, else Referer), and an
 * attacker's page cannot forge those headers.
 */
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Why a route may accept mutating requests from anywhere. Each reason names the
 * control that replaces the origin check, so an opt-out is visible in review.
 */
export type TOriginSkipReason =
  /** Server-to-server callbacks whose body signature is verified before use. */
  | "signature-verified-webhook"
  /** Browser-generated reports (CSP, NEL) that often carry no Origin and change nothing. */
  | "browser-report"
  /** The public chat widget API: checked per channel against its allowed origins (lib/widget/http.ts). */
  | "widget-channel-origins"
  /** consent.js on customers' sites: checked per consent config against its allowed origins (app/api/consent/records). */
  | "consent-config-origins";

export type TOriginPolicy = { allowed?: string[] } | { skip: TOriginSkipReason };

export const isMutatingMethod = (method: string) => MUTATING.has(method.toUpperCase());

function originOf(value: string | null): string | null {
  if (!value || value === "null") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

const badOrigin = () =>
  Response.json({ error: "bad_origin" }, { status: 403, headers: { "Cache-Control": "no-store" } });

/**
 * Returns null when the request provably comes from an allowed origin, else a
 * 403. Applies to whatever method it is given: call it from mutating handlers.
 */
export function checkOrigin(request: Request, allowed: string[] = [env.APP_URL]): Response | null {
  const allowedOrigins = new Set(allowed.map(originOf).filter((o): o is string => o !== null));
  const h = request.headers;

  const origin = h.get("origin");
  // A present Origin is authoritative, even if other headers claim same-origin.
  if (origin !== null) return allowedOrigins.has(originOf(origin) ?? "") ? null : badOrigin();

  // Fetch metadata is set by the browser and cannot be written by page scripts.
  const site = h.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" ? null : badOrigin();

  const refererOrigin = originOf(h.get("referer"));
  if (refererOrigin && allowedOrigins.has(refererOrigin)) return null;

  // No provenance at all: a non-browser client, which must use an opted-out route.
  return badOrigin();
}

/** The origin policy applied by `route()`: safe methods pass, mutating ones are checked unless the route opts out. */
export function enforceOriginPolicy(request: Request, policy: TOriginPolicy = {}): Response | null {
  if (!isMutatingMethod(request.method)) return null;
  if ("skip" in policy) return null;
  return checkOrigin(request, policy.allowed);
}
