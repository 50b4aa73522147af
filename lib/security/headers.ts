/**
 * Security headers for every response. Pure functions so they are unit-tested
 * and shared by proxy.ts and route handlers that build their own responses.
 */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Where browsers send CSP violation reports (app/api/csp-report/route.ts). */
export const CSP_REPORT_PATH = "/api/csp-report";
const REPORT_GROUP = "csp-endpoint";

export type TCspOptions = { nonce: string; dev: boolean; frameAncestors?: string; reportUri?: string | null };

export function buildCsp({ nonce, dev, frameAncestors = "'none'", reportUri = CSP_REPORT_PATH }: TCspOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets nonce-bearing scripts load their chunks; inline scripts
    // without the nonce are blocked. Development needs eval for React's tooling.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // React style attributes cannot carry nonces; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "blob:", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(dev ? ["ws:"] : [])],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": [frameAncestors],
    ...(dev ? {} : { "upgrade-insecure-requests": [] }),
    // report-to (Reporting API) supersedes report-uri where supported; older browsers use report-uri.
    ...(reportUri ? { "report-uri": [reportUri], "report-to": [REPORT_GROUP] } : {}),
  };
  return Object.entries(directives)
    .map(([k, v]) => (v.length ? `${k} ${v.join(" ")}` : k))
    .join("; ");
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Reporting-Endpoints": `${REPORT_GROUP}="${CSP_REPORT_PATH}"`,
};

/**
 * Headers for machine-to-machine routes that bypass the proxy (provider
 * webhooks): nothing there is ever rendered, so the CSP forbids everything and
 * needs no nonce.
 */
export const MACHINE_ROUTE_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" },
  ...Object.entries(STATIC_SECURITY_HEADERS)
    .filter(([k]) => k !== "Reporting-Endpoints")
    .map(([key, value]) => ({ key, value })),
];
