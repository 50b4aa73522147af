import "server-only";
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { isProduction } from "@/lib/env";

/**
 * Mail servers are named by tenant admins, and Sotto connects to them from
 * inside its own network. In production a host must resolve only to public
 * unicast addresses (no loopback, private, link-local or metadata ranges), and
 * the connection goes to the address that was checked (a second lookup could
 * answer differently: DNS rebinding), with the name kept for TLS (SNI and
 * certificate check). Development and tests use servers on loopback.
 */
export class UnsafeHostError extends Error {
  override readonly name = "UnsafeHostError";
}

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "localhost"]);

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let addr = ipaddr.parse(address);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.range() === "unicast";
}

export type TResolvedHost = { connectTo: string; servername: string | undefined };

export async function resolveMailHost(host: string, strict = isProduction()): Promise<TResolvedHost> {
  if (!strict) return { connectTo: host, servername: undefined };
  const literal = ipaddr.isValid(host);
  const addresses = literal ? [{ address: host }] : await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (!addresses.length) throw new UnsafeHostError(`${host} does not resolve.`);
  if (!addresses.every((a) => isPublicAddress(a.address))) throw new UnsafeHostError(`${host} resolves to a private or reserved address.`);
  return { connectTo: addresses[0]!.address, servername: literal ? undefined : host };
}
