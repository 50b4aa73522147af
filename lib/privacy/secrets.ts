import { createHash, createHmac, randomBytes, randomInt } from "node:crypto";
import { env } from "@/lib/env";
import { timingSafeEqualStr } from "@/lib/security/timing-safe";

/**
 * Secrets of the privacy center: one-time codes (6 digits, only an HMAC is
 * stored, bound to its request), bearer handles (random, stored as SHA-256) and
 * signed download tokens. Keys derive from AUTH_SECRET (required in production).
 */
const keys = new Map<string, Buffer>();
function key(purpose: "code" | "download"): Buffer {
  let k = keys.get(purpose);
  if (!k) {
    k = createHmac("sha256", env.AUTH_SECRET ?? "sotto-dev-only").update(`sotto/privacy/${purpose}/v1`).digest();
    keys.set(purpose, k);
  }
  return k;
}

export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
export const DOWNLOAD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, "0");
}

export function codeHash(requestId: string, code: string): string {
  return createHmac("sha256", key("code")).update(`${requestId}\u0000${code}`).digest("base64url");
}

export function codeMatches(requestId: string, code: string, stored: string | null): boolean {
  if (!stored || !/^\d{6}$/.test(code)) return false;
  return timingSafeEqualStr(codeHash(requestId, code), stored);
}

/** The requester's bearer handle (in the status link) and what is stored of it. */
export function newHandle(): string {
  return randomBytes(24).toString("base64url");
}

export function handleHash(handle: string): string {
  return createHash("sha256").update(handle).digest("hex");
}

export const ZHandlePattern = /^[A-Za-z0-9_-]{32}$/;

export type TDownloadClaims = { tenantId: string; exportId: string; expiresAt: Date };

/** `<tenantId>.<exportId>.<expiry seconds>.<HMAC>`: tamper-evident, expiring; single use is enforced in the database. */
export function signDownloadToken(c: TDownloadClaims): string {
  const payload = `${c.tenantId}.${c.exportId}.${Math.floor(c.expiresAt.getTime() / 1000)}`;
  return `${payload}.${createHmac("sha256", key("download")).update(payload).digest("base64url")}`;
}

export type TTokenCheck = { ok: true; claims: TDownloadClaims } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

export function verifyDownloadToken(token: string | null | undefined, at: Date): TTokenCheck {
  const m = typeof token === "string" ? /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!m) return { ok: false, reason: "malformed" };
  const payload = `${m[1]}.${m[2]}.${m[3]}`;
  const expected = createHmac("sha256", key("download")).update(payload).digest("base64url");
  if (!timingSafeEqualStr(expected, m[4]!)) return { ok: false, reason: "bad_signature" };
  const expiresAt = new Date(Number(m[3]) * 1000);
  if (expiresAt.getTime() <= at.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, claims: { tenantId: m[1]!, exportId: m[2]!, expiresAt } };
}
