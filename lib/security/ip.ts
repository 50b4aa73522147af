import ipaddr from "ipaddr.js";

/**
 * Truncates an address before it is stored: IPv4 to its /24, IPv6 to its /48.
 * Full addresses are personal data we have no need to keep.
 */
export function truncateIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const candidate = raw.trim().replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(candidate)) return null;
  let addr = ipaddr.parse(candidate);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.kind() === "ipv4") {
    const o = (addr as ipaddr.IPv4).octets;
    return `${o[0]}.${o[1]}.${o[2]}.0/24`;
  }
  const parts = (addr as ipaddr.IPv6).parts.slice(0, 3);
  const prefix = new ipaddr.IPv6([...parts, 0, 0, 0, 0, 0]);
  return `${prefix.toNormalizedString().replace(/(:0)+$/, "::")}/48`.replace(":::", "::");
}

/** The client address: the left-most X-Forwarded-For entry when behind our proxy, else X-Real-IP. */
export function clientIpFromHeaders(h: Headers): string | null {
  const xff = h.get("x-forwarded-for");
  if (xff) {
    const first = xff.split(",")[0]?.trim();
    if (first) return first;
  }
  return h.get("x-real-ip")?.trim() || null;
}
