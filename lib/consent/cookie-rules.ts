/**
 * Which cookies to delete when a category is withdrawn, and where. Client-safe.
 * Patterns come from the vendor list: `_ga`, `_ga_*` (`*` matches any run of characters).
 */
export function cookieNameMatches(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return re.test(name);
}

/**
 * Domains a script on `hostname` may have set a cookie on: host-only (""), the
 * host itself and every parent domain down to two labels. Browsers refuse
 * public suffixes, so trying `.co.uk` is harmless. IP addresses: host-only.
 */
export function cookieDomains(hostname: string): string[] {
  if (!hostname || /^[\d.]+$/.test(hostname) || hostname.includes(":")) return [""];
  const labels = hostname.split(".");
  const out = [""];
  for (let i = 0; i <= labels.length - 2; i++) out.push(`.${labels.slice(i).join(".")}`);
  return out;
}

/**
 * Whether a cookie listed with `domain` (null: the site's own) belongs to the
 * host page, so that the page can delete it. Third-party cookies cannot be.
 */
export function isFirstPartyDomain(domain: string | null, hostname: string): boolean {
  if (!domain) return true;
  const d = domain.replace(/^\./, "").toLowerCase();
  const h = hostname.toLowerCase();
  return h === d || h.endsWith(`.${d}`);
}
