/**
 * Per-route additions to the security headers, for the few pages that must
 * talk to a third party. Everything else gets the strict default CSP.
 *
 * WhatsApp Embedded Signup (/t/{slug}/settings/channels/new/whatsapp only):
 * - script-src https://connect.facebook.net: the Facebook JS SDK. The page adds
 *   the script from its own (nonce-trusted) bundle when the admin clicks, which
 *   'strict-dynamic' already allows in CSP3 browsers; the host entry covers
 *   browsers without 'strict-dynamic' and documents the one origin allowed.
 * - frame-src / connect-src for www.facebook.com and friends: the SDK's login
 *   status and cross-domain helper frames.
 * - Cross-Origin-Opener-Policy same-origin-allow-popups instead of same-origin:
 *   Meta's sign-up runs in a pop-up that reports the chosen phone number and
 *   WABA (WA_EMBEDDED_SIGNUP) to this page with window.opener.postMessage,
 *   which same-origin COOP would cut off.
 * Pure: used by proxy.ts and unit-tested.
 */
export type TRoutePolicy = { csp: Readonly<Record<string, readonly string[]>>; headers: Readonly<Record<string, string>> };

const FACEBOOK: TRoutePolicy = {
  csp: {
    "script-src": ["https://connect.facebook.net"],
    "frame-src": ["https://www.facebook.com", "https://web.facebook.com", "https://staticxx.facebook.com"],
    "connect-src": ["https://www.facebook.com", "https://graph.facebook.com", "https://connect.facebook.net"],
  },
  headers: { "Cross-Origin-Opener-Policy": "same-origin-allow-popups" },
};

const ROUTES: readonly [RegExp, TRoutePolicy][] = [[/^\/t\/[a-z0-9-]{1,64}\/settings\/channels\/new\/whatsapp\/?$/, FACEBOOK]];

export function routeSecurityPolicy(pathname: string): TRoutePolicy | null {
  return ROUTES.find(([re]) => re.test(pathname))?.[1] ?? null;
}

/** Adds sources to CSP directives. A directive that is absent falls back to default-src, so it starts from default-src's sources. */
export function extendCsp(csp: string, extra: TRoutePolicy["csp"]): string {
  const directives = csp.split(";").map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return { name: name!, values };
  });
  const fallback = directives.find((d) => d.name === "default-src")?.values ?? [];
  for (const [name, sources] of Object.entries(extra)) {
    let d = directives.find((x) => x.name === name);
    if (!d) {
      d = { name, values: [...fallback] };
      // Before the reporting directives, which conventionally come last.
      const at = directives.findIndex((x) => x.name === "report-uri" || x.name === "report-to" || x.name === "upgrade-insecure-requests");
      directives.splice(at < 0 ? directives.length : at, 0, d);
    }
    for (const s of sources) if (!d.values.includes(s)) d.values.push(s);
  }
  return directives.map((d) => (d.values.length ? `${d.name} ${d.values.join(" ")}` : d.name)).join("; ");
}
