import { createHmac } from "node:crypto";
import { timingSafeEqualStr } from "@/lib/security/timing-safe";

/**
 * Twilio request validation, as Twilio documents it: take the full URL Twilio
 * requested (scheme, host, path and query string), append every POST parameter
 * sorted by name as name+value (a repeated name contributes each distinct value,
 * sorted), HMAC-SHA1 it with the account's auth token and base64 the digest.
 * `X-Twilio-Signature` must equal that. Like Twilio's own libraries, the URL is
 * tried with and without the scheme's default port, since Twilio may sign either.
 */
export type TFormParams = ReadonlyMap<string, readonly string[]>;

export function formParams(body: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(body)) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

export function twilioSignature(authToken: string, url: string, params: TFormParams): string {
  let data = url;
  for (const key of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(key))].sort()) data += key + value;
  }
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf-8")).digest("base64");
}

function portVariants(url: string): string[] {
  const m = /^(https?:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const portStart = authority.indexOf(":", authority.lastIndexOf("]") + 1);
  const host = portStart === -1 ? authority : authority.slice(0, portStart);
  const defaultPort = scheme.toLowerCase() === "https://" ? ":443" : ":80";
  const withoutPort = scheme + host + rest;
  const withPort = portStart === -1 ? scheme + host + defaultPort + rest : url;
  return [...new Set([url, withoutPort, withPort])];
}

export function verifyTwilioSignature(authToken: string, header: string | null, url: string, params: TFormParams): boolean {
  const given = header?.trim() ?? "";
  let ok = false;
  // Every candidate is computed and compared, so timing does not reveal which one matched.
  for (const candidate of portVariants(url)) ok = timingSafeEqualStr(given, twilioSignature(authToken, candidate, params)) || ok;
  return ok && given.length > 0;
}

/**
 * The URL Twilio called, as Twilio saw it: behind a proxy the request reaching
 * Next has an internal host and scheme, so the public origin comes from
 * APP_URL (never from Host / X-Forwarded-* headers a caller controls), and path
 * and query string from the request.
 */
export function publicRequestUrl(requestUrl: string, appUrl: string): string {
  const req = new URL(requestUrl);
  return `${new URL(appUrl).origin}${req.pathname}${req.search}`;
}
