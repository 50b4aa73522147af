import { createHmac, hkdfSync } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { parseKeySpec } from "@/lib/crypto/key-ring";
import { timingSafeEqualStr } from "@/lib/security/timing-safe";

/**
 * Signed, expiring download URLs for attachments:
 *   `{APP_URL}/api/attachments/{id}?tenant=…&exp=…&kid=…&sig=…`
 * `sig` is HMAC-SHA256 over version, tenant, attachment and expiry, under a key
 * derived (HKDF) from a key of SOTTO_ENCRYPTION_KEYS: the newest key signs, any
 * configured key verifies, so rotating the key ring keeps issued URLs working
 * until they expire and removing a key revokes them. The URL is a bearer
 * capability for one attachment of one tenant until `exp`: agents get them
 * minted server-side, providers (WhatsApp `link`, Twilio `MediaUrl`…) fetch
 * through them.
 */
const VERSION = "v1";

const derived = new Map<string, Buffer>();

function signingKeys(): { current: string; keys: Map<string, Buffer> } {
  const spec = parseKeySpec(env.SOTTO_ENCRYPTION_KEYS);
  const keys = new Map<string, Buffer>();
  for (const [id, material] of spec) {
    const cacheKey = `${id}:${material.toString("base64")}`;
    let k = derived.get(cacheKey);
    if (!k) {
      k = Buffer.from(hkdfSync("sha256", material, Buffer.alloc(0), "sotto attachment url v1", 32));
      derived.set(cacheKey, k);
    }
    keys.set(id, k);
  }
  return { current: [...spec.keys()].at(-1)!, keys };
}

function mac(key: Buffer, tenantId: string, attachmentId: string, exp: number): string {
  return createHmac("sha256", key).update(`${VERSION}\n${tenantId}\n${attachmentId}\n${exp}`).digest("base64url");
}

export function signAttachmentUrl(input: { tenantId: string; attachmentId: string; expiresAt: Date; baseUrl?: string }): string {
  const { current, keys } = signingKeys();
  const exp = Math.floor(input.expiresAt.getTime() / 1000);
  const url = new URL(`/api/attachments/${encodeURIComponent(input.attachmentId)}`, input.baseUrl ?? env.APP_URL);
  url.searchParams.set("tenant", input.tenantId);
  url.searchParams.set("exp", String(exp));
  url.searchParams.set("kid", current);
  url.searchParams.set("sig", mac(keys.get(current)!, input.tenantId, input.attachmentId, exp));
  return url.toString();
}

export const ZAttachmentToken = z.object({
  tenant: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  exp: z.string().regex(/^\d{1,12}$/).transform(Number),
  kid: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export type TTokenCheck = { ok: true; tenantId: string; expiresAt: Date } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** Checks a download URL's query for `attachmentId` at time `at`: signature first (constant time), then expiry. */
export function verifyAttachmentToken(attachmentId: string, query: URLSearchParams, at: Date): TTokenCheck {
  const parsed = ZAttachmentToken.safeParse(Object.fromEntries(["tenant", "exp", "kid", "sig"].map((k) => [k, query.get(k) ?? undefined])));
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const t = parsed.data;
  const key = signingKeys().keys.get(t.kid);
  if (!key || !timingSafeEqualStr(mac(key, t.tenant, attachmentId, t.exp), t.sig)) return { ok: false, reason: "bad_signature" };
  if (t.exp * 1000 <= at.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, tenantId: t.tenant, expiresAt: new Date(t.exp * 1000) };
}

// Expiry rounded up to this step, so a thread refetched within a few minutes names the same URL (the browser's cached image stays valid).
const EXP_STEP_MS = 5 * 60_000;

/** A URL valid for at least the configured lifetime from `at`. */
export function attachmentUrl(tenantId: string, attachmentId: string, at: Date, baseUrl?: string): string {
  const exp = Math.ceil((at.getTime() + env.ATTACHMENT_URL_TTL_SECONDS * 1000) / EXP_STEP_MS) * EXP_STEP_MS;
  return signAttachmentUrl({ tenantId, attachmentId, expiresAt: new Date(exp), baseUrl });
}
