import "server-only";
import { createRequire } from "node:module";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { clientIpFromHeaders } from "@/lib/security/ip";

/**
 * The visitor's country for the proof of consent; the address itself is never stored.
 *
 * 1. CONSENT_COUNTRY_HEADER, when set: the edge in front of Sotto (Cloudflare's
 *    `CF-IPCountry`, a load balancer's `X-Country`) has already resolved it.
 *    Trusted only because the operator says the edge sets it and overwrites what
 *    clients send; leave it unset otherwise, or anyone could claim any country.
 * 2. Otherwise the bundled GeoLite2 country database (`geoip-country`, no network).
 * 3. Private, loopback and unknown addresses: "unknown".
 */
type TGeoip = { lookup(ip: string): { country?: string } | null };
let geoip: TGeoip | null | undefined;

function loadGeoip(): TGeoip | null {
  if (geoip !== undefined) return geoip;
  try {
    // Loaded at run time from node_modules: it reads its data files relative to itself.
    geoip = createRequire(import.meta.url)("geoip-country") as TGeoip;
  } catch {
    geoip = null;
  }
  return geoip;
}

const ISO2 = /^[A-Z]{2}$/;

export function countryOfIp(ip: string | null): string {
  if (!ip || !ipaddr.isValid(ip)) return "unknown";
  const range = ipaddr.process(ip).range();
  if (range !== "unicast") return "unknown";
  const hit = loadGeoip()?.lookup(ipaddr.process(ip).toString());
  return hit?.country && ISO2.test(hit.country) ? hit.country : "unknown";
}

export function countryFromRequest(headers: Headers): string {
  const header = env.CONSENT_COUNTRY_HEADER;
  if (header) {
    const v = (headers.get(header) ?? "").trim().toUpperCase();
    // Cloudflare's XX (unknown) and T1 (Tor) are not countries.
    return ISO2.test(v) && v !== "XX" ? v : "unknown";
  }
  return countryOfIp(clientIpFromHeaders(headers, env.TRUSTED_PROXY_HOPS));
}
