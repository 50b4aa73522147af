import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * AES-256-GCM key ring. Ciphertexts name the key that made them, so keys can be
 * added without a flag day: the last configured key encrypts, every configured
 * key decrypts, and `reencryptAll` moves old ciphertexts to the current key.
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url, 12-byte IV, 16-byte tag).
 */

const VERSION = "v1";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_B64 = /^[A-Za-z0-9+/]{43}=$/;
const CIPHERTEXT = /^v1\.([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type TDecryptionFailure = "format" | "unknown_key" | "auth";

/** Any ciphertext that cannot be trusted. Messages never include key material or the ciphertext. */
export class DecryptionError extends Error {
  override readonly name = "DecryptionError";
  constructor(
    readonly reason: TDecryptionFailure,
    message: string,
  ) {
    super(message);
  }
}

export class KeyRingConfigError extends Error {
  override readonly name = "KeyRingConfigError";
}

export type TKeyRing = {
  readonly currentKeyId: string;
  readonly keyIds: readonly string[];
  encrypt(plaintext: string, aad?: string): string;
  decrypt(ciphertext: string, aad?: string): string;
  /** The key id a ciphertext names; throws DecryptionError("format") on anything malformed. */
  keyIdOf(ciphertext: string): string;
  /** True when the ciphertext is under the current key (false for malformed input too). */
  isCurrent(ciphertext: string): boolean;
};

const b64u = (b: Buffer) => b.toString("base64url");

// Buffer's decoder ignores stray bits; refusing non-canonical text keeps one ciphertext = one string.
function strictB64u(part: string): Buffer | null {
  const buf = Buffer.from(part, "base64url");
  return b64u(buf) === part ? buf : null;
}

/** Parses `id:base64key[,id:base64key...]`; errors name the variable and the entry, never the key. */
export function parseKeySpec(spec: string | undefined | null, source = "SOTTO_ENCRYPTION_KEYS"): Map<string, Buffer> {
  const fail = (msg: string): never => {
    throw new KeyRingConfigError(`${source}: ${msg}. Expected comma-separated "id:base64key" entries of 32 random bytes each (npm run keys:rotate -- --new-key).`);
  };
  if (!spec || !spec.trim()) fail("is not set");
  const keys = new Map<string, Buffer>();
  spec!.split(",").forEach((raw, i) => {
    const entry = raw.trim();
    const sep = entry.indexOf(":");
    if (sep < 0) fail(`entry ${i + 1} has no "id:" prefix`);
    const id = entry.slice(0, sep);
    const material = entry.slice(sep + 1).trim();
    if (!KEY_ID.test(id)) fail(`entry ${i + 1} has an invalid key id (1-32 of A-Z a-z 0-9 _ -)`);
    if (keys.has(id)) fail(`key id "${id}" appears twice`);
    if (!KEY_B64.test(material)) fail(`key "${id}" is not 32 bytes of standard base64`);
    const key = Buffer.from(material, "base64");
    if (key.length !== 32 || key.toString("base64") !== material) fail(`key "${id}" is not 32 bytes of standard base64`);
    keys.set(id, key);
  });
  return keys;
}

// The header is authenticated too, so a ciphertext cannot be relabelled (version, key id).
function aadBytes(keyId: string, aad: string | undefined): Buffer {
  return Buffer.from(`${VERSION}.${keyId}\u0000${aad ?? ""}`, "utf8");
}

function parseCiphertext(ciphertext: string) {
  const m = typeof ciphertext === "string" ? CIPHERTEXT.exec(ciphertext) : null;
  const iv = m ? strictB64u(m[2]!) : null;
  const tag = m ? strictB64u(m[3]!) : null;
  const body = m ? strictB64u(m[4]!) : null;
  if (!m || !iv || !tag || !body || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new DecryptionError("format", "Ciphertext is not in the v1 key-ring format");
  }
  return { keyId: m[1]!, iv, tag, body };
}

export function createKeyRing(spec: string, source = "key ring spec"): TKeyRing {
  const keys = parseKeySpec(spec, source);
  const keyIds = [...keys.keys()];
  const currentKeyId = keyIds[keyIds.length - 1]!;
  const currentKey = keys.get(currentKeyId)!;

  const keyIdOf = (ciphertext: string) => parseCiphertext(ciphertext).keyId;

  return {
    currentKeyId,
    keyIds,
    encrypt(plaintext, aad) {
      if (typeof plaintext !== "string") throw new TypeError("encrypt() takes a string");
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aadBytes(currentKeyId, aad));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, currentKeyId, b64u(iv), b64u(cipher.getAuthTag()), b64u(body)].join(".");
    },
    decrypt(ciphertext, aad) {
      const { keyId, iv, tag, body } = parseCiphertext(ciphertext);
      const key = keys.get(keyId);
      if (!key) throw new DecryptionError("unknown_key", `Ciphertext names key "${keyId}", which is not configured`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aadBytes(keyId, aad));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
      } catch {
        throw new DecryptionError("auth", "Ciphertext failed authentication (tampered, or bound to another record)");
      }
    },
    keyIdOf,
    isCurrent(ciphertext) {
      try {
        return keyIdOf(ciphertext) === currentKeyId;
      } catch {
        return false;
      }
    },
  };
}

let cached: { spec: string; ring: TKeyRing } | undefined;

/** The ring configured in SOTTO_ENCRYPTION_KEYS, built on first use so unrelated tools don't need keys. */
export function defaultKeyRing(): TKeyRing {
  const spec = env.SOTTO_ENCRYPTION_KEYS ?? "";
  if (cached?.spec !== spec) cached = { spec, ring: createKeyRing(spec, "SOTTO_ENCRYPTION_KEYS") };
  return cached.ring;
}

export const encrypt = (plaintext: string, aad?: string) => defaultKeyRing().encrypt(plaintext, aad);
export const decrypt = (ciphertext: string, aad?: string) => defaultKeyRing().decrypt(ciphertext, aad);
export const keyIdOf = (ciphertext: string) => defaultKeyRing().keyIdOf(ciphertext);
export const isCurrent = (ciphertext: string) => defaultKeyRing().isCurrent(ciphertext);

/** A new `id:key` entry to append to SOTTO_ENCRYPTION_KEYS (same as `openssl rand -base64 32`). */
export function generateKeySpec(id: string): string {
  if (!KEY_ID.test(id)) throw new KeyRingConfigError(`Invalid key id "${id}" (1-32 of A-Z a-z 0-9 _ -)`);
  return `${id}:${randomBytes(32).toString("base64")}`;
}
