import "server-only";
import { createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { timingSafeEqualStr } from "@/lib/security/timing-safe";

/**
 * The OAuth `state` of a mailbox connection: `cs1.<payload>.<mac>`, HMAC-SHA256
 * under a key of its own (HKDF from AUTH_SECRET). It names the provider, the
 * tenant, the admin who started, the channel name and address, an expiry, and
 * the SHA-256 of the PKCE verifier. The verifier itself sits in an httpOnly
 * cookie of the admin's browser, so a state is only usable:
 * - unmodified (MAC),
 * - within STATE_TTL_SEC,
 * - by the same signed-in user, still an admin of that tenant,
 * - in the browser that started the flow (cookie hash matches).
 */
const PREFIX = "cs1";
export const STATE_TTL_SEC = 10 * 60;
export const OAUTH_COOKIE_PREFIX = "sotto_channel_oauth_";
export const OAUTH_COOKIE_PATH = "/api/channels/oauth";

const ZState = z.object({
  p: z.enum(["google", "microsoft"]),
  t: z.string().min(1).max(64),
  u: z.string().min(1).max(64),
  n: z.string().min(1).max(80),
  a: z.string().min(3).max(320),
  h: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  exp: z.number().int().positive(),
});
export type TOAuthState = z.infer<typeof ZState>;

let keyCache: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = env.AUTH_SECRET ?? "sotto-dev-only-auth-secret";
  if (keyCache?.secret !== secret) keyCache = { secret, key: Buffer.from(hkdfSync("sha256", secret, "sotto", "sotto/channel-oauth-state/v1", 32)) };
  return keyCache.key;
}
const mac = (body: string) => createHmac("sha256", key()).update(body).digest("base64url");

export const verifierHash = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/** A PKCE code verifier (RFC 7636: 43–128 unreserved characters) and its S256 challenge. */
export function newPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: verifierHash(verifier) };
}

export function signOAuthState(claims: Omit<TOAuthState, "exp">, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(now.getTime() / 1000) + STATE_TTL_SEC })).toString("base64url");
  const body = `${PREFIX}.${payload}`;
  return `${body}.${mac(body)}`;
}

export type TStateFailure = "malformed" | "bad_signature" | "expired" | "wrong_provider" | "wrong_user" | "wrong_browser";

export function verifyOAuthState(
  token: string,
  expect: { provider: TOAuthState["p"]; userId: string | null; verifier: string | null; now: Date },
): { ok: true; state: TOAuthState } | { ok: false; reason: TStateFailure } {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3 || parts[0] !== PREFIX || token.length > 4096) return { ok: false, reason: "malformed" };
  if (!timingSafeEqualStr(parts[2]!, mac(`${parts[0]}.${parts[1]}`))) return { ok: false, reason: "bad_signature" };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = ZState.safeParse(claims);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const s = parsed.data;
  if (s.exp * 1000 < expect.now.getTime()) return { ok: false, reason: "expired" };
  if (s.p !== expect.provider) return { ok: false, reason: "wrong_provider" };
  if (!expect.userId || s.u !== expect.userId) return { ok: false, reason: "wrong_user" };
  if (!expect.verifier || !timingSafeEqualStr(verifierHash(expect.verifier), s.h)) return { ok: false, reason: "wrong_browser" };
  return { ok: true, state: s };
}
