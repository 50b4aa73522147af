import { NextResponse, type NextRequest } from "next/server";
import { buildCsp, generateNonce, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";
import { extendCsp, routeSecurityPolicy } from "@/lib/security/route-policies";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Pages that customers' websites embed. Their route sets its own CSP, whose
 * frame-ancestors names the channel's allowed origins (app/widget/frame), so the
 * proxy leaves CSP and X-Frame-Options to it. Exact paths only.
 */
const OWN_FRAMING_POLICY_PATHS: ReadonlySet<string> = new Set(["/widget/frame"]);

/**
 * Runs on every request: a fresh CSP nonce (forwarded to the renderer through the
 * request's own CSP header, which Next reads to nonce its scripts), a request id
 * for logs and audit events, and the security headers.
 */
export function proxy(request: NextRequest) {
  const nonce = generateNonce();
  // NODE_ENV is inlined at build time; going through lib/env would make every
  // response depend on the whole configuration validating.
  // eslint-disable-next-line no-restricted-properties
  const baseCsp = buildCsp({ nonce, dev: process.env.NODE_ENV === "development" });
  // A few pages talk to a third party (WhatsApp Embedded Signup): see lib/security/route-policies.ts.
  const routePolicy = routeSecurityPolicy(request.nextUrl.pathname);
  const csp = routePolicy ? extendCsp(baseCsp, routePolicy.csp) : baseCsp;
  const incomingId = request.headers.get("x-request-id");
  const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID();

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  const ownsFraming = OWN_FRAMING_POLICY_PATHS.has(request.nextUrl.pathname);
  if (!ownsFraming) response.headers.set("Content-Security-Policy", csp);
  response.headers.set("x-request-id", requestId);
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) {
    if (!(ownsFraming && k === "X-Frame-Options")) response.headers.set(k, v);
  }
  for (const [k, v] of Object.entries(routePolicy?.headers ?? {})) response.headers.set(k, v);
  return response;
}

/**
 * Provider webhooks (/api/webhooks/*) are server-to-server, never rendered by a
 * browser, and the hottest path in the app: they skip the proxy pass and get
 * static security headers from next.config.ts (MACHINE_ROUTE_HEADERS) instead.
 */
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/webhooks/).*)" }],
};
