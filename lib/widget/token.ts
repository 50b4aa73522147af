import "server-only";
import { createHmac, hkdfSync, randomInt } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { timingSafeEqualStr } from "@/lib/security/timing-safe";

/**
 * Visitor tokens: the widget's only credential. A compact HMAC-signed token
 * `wv1.<payload>.<mac>` that binds a random visitor id to one channel of one
 * tenant and the site it was issued for, until it expires. Issuing one writes
 * nothing: the contact row is created only when the visitor sends a message.
 * Anyone holding a token can read that visitor's conversation, so it is kept
 * in the chat frame (and on the host page only with functional consent).
 */
const PREFIX = "wv1";
export const VISITOR_TOKEN_TTL_SEC = 30 * 24 * 60 * 60;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const ZClaims = z.object({
  /** Visitor id (`v_` + 22 base62), the ContactIdentity value of kind `visitor`. */
  vid: z.string().regex(/^v_[0-9A-Za-z]{22}$/),
  /** Channel id. */
  cid: z.string().min(1).max(64),
  /** Tenant id. */
  tid: z.string().min(1).max(64),
  /** Host page origin the token was issued for. */
  org: z.string().min(1).max(300),
  /** Expiry, seconds since the epoch. */
  exp: z.number().int().positive(),
});
export type TVisitorClaims = z.infer<typeof ZClaims>;

export type TVerifyFailure = "malformed" | "bad_signature" | "expired" | "wrong_channel";
export type TVerifyResult = { ok: true; claims: TVisitorClaims } | { ok: false; reason: TVerifyFailure };

export function newVisitorId(): string {
  let out = "v_";
  for (let i = 0; i < 22; i++) out += BASE62[randomInt(62)];
  return out;
}

let keyCache: { secret: string; key: Buffer } | undefined;

/** A key of its own, derived from AUTH_SECRET with HKDF, so a token MAC never doubles as any other MAC. */
function signingKey(): Buffer {
  const secret = env.AUTH_SECRET ?? "sotto-dev-only-auth-secret";
  if (keyCache?.secret !== secret) {
    keyCache = { secret, key: Buffer.from(hkdfSync("sha256", secret, "sotto", "sotto/widget-visitor-token/v1", 32)) };
  }
  return keyCache.key;
}

const mac = (body: string) => createHmac("sha256", signingKey()).update(body).digest("base64url");

export function signVisitorToken(claims: Omit<TVisitorClaims, "exp">, now: Date, ttlSec = VISITOR_TOKEN_TTL_SEC): { token: string; expiresAt: Date } {
  const exp = Math.floor(now.getTime() / 1000) + ttlSec;
  const payload = Buffer.from(JSON.stringify({ ...claims, exp })).toString("base64url");
  const body = `${PREFIX}.${payload}`;
  return { token: `${body}.${mac(body)}`, expiresAt: new Date(exp * 1000) };
}

/**
 * Checks the MAC before looking at the payload, then expiry and (when given)
 * the channel the caller is acting on.
 */
export function verifyVisitorToken(token: string, opts: { now: Date; channelId?: string }): TVerifyResult {
  if (token.length > 1024) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2]) return { ok: false, reason: "malformed" };
  const body = `${parts[0]}.${parts[1]}`;
  if (!timingSafeEqualStr(mac(body), parts[2])) return { ok: false, reason: "bad_signature" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const claims = ZClaims.safeParse(json);
  if (!claims.success) return { ok: false, reason: "malformed" };
  if (claims.data.exp * 1000 <= opts.now.getTime()) return { ok: false, reason: "expired" };
  if (opts.channelId !== undefined && claims.data.cid !== opts.channelId) return { ok: false, reason: "wrong_channel" };
  return { ok: true, claims: claims.data };
}
