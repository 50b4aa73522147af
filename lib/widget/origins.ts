/**
 * Website origins a widget channel may be embedded on. An origin is compared
 * exactly (scheme, host and port), never by suffix or substring, so
 * `https://evil-example.com` and `https://example.com.evil.test` never match
 * `https://example.com`. Pure module: used by the settings schema, the API and
 * the frame route.
 */

/**
 * The canonical origin (`scheme://host[:port]`, lower-case host, default port
 * dropped, IDN hosts in punycode) of an http(s) origin, or null. Anything with a
 * path other than `/`, a query, a fragment or credentials is refused: such a
 * value was not meant as an origin and guessing what was meant is how allow
 * lists get bypassed.
 */
export function normalizeOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  const raw = value.trim();
  if (!raw || raw === "null" || raw.length > 300) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== "/" && url.pathname !== "") return null;
  // `new URL("https://example.com/")` keeps the pathname "/" but so does "https://example.com/?": reject stray markers too.
  if (/[?#@]/.test(raw.replace(/^https?:\/\//i, ""))) return null;
  // Hostnames as browsers send them: LDH labels (IDN already in punycode) or a bracketed IPv6 address. No wildcards.
  if (!/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return null;
  return url.origin;
}

/** True when `origin` is exactly one of `allowed` (both normalised). */
export function isOriginAllowed(origin: string | null | undefined, allowed: readonly string[]): boolean {
  const o = normalizeOrigin(origin);
  if (!o) return false;
  return allowed.some((a) => normalizeOrigin(a) === o);
}
