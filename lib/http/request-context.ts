import "server-only";
import { headers } from "next/headers";
import { clientIpFromHeaders, truncateIp } from "@/lib/security/ip";
import { env } from "@/lib/env";

export type TRequestContext = {
  requestId: string;
  /** Full client address: for rate limiting only, never stored. */
  ip: string | null;
  /** Truncated address (/24 or /48), safe to store in audit events. */
  ipPrefix: string | null;
  userAgent: string | null;
};

export function requestContextFrom(h: Headers): TRequestContext {
  const ip = clientIpFromHeaders(h, env.TRUSTED_PROXY_HOPS);
  return {
    requestId: h.get("x-request-id") ?? crypto.randomUUID(),
    ip,
    ipPrefix: truncateIp(ip),
    userAgent: h.get("user-agent"),
  };
}

/** The current request's context inside server components and server actions. */
export async function requestContext(): Promise<TRequestContext> {
  return requestContextFrom(await headers());
}
