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

/**
 * The client address. Entries left of our own proxies are whatever the client
 * claims, so the address is read `trustedHops` entries from the right of
 * X-Forwarded-For: with one reverse proxy that appends the peer address (the
 * supported deployment), the right-most entry. Without a header, Next sets it to
 * the socket's peer.
 */
export function clientIpFromHeaders(h: Headers, trustedHops = 1): string | null {
  const xff = h.get("x-forwarded-for");
  if (xff) {
    const entries = xff.split(",").map((e) => e.trim()).filter(Boolean);
    const pick = entries[Math.max(0, entries.length - Math.max(1, trustedHops))];
    if (pick) return pick;
  }
  return h.get("x-real-ip")?.trim() || null;
}
