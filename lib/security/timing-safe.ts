import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Comparing HMACs under a per-process random key gives fixed-size inputs to
 * timingSafeEqual, so neither the position of the first difference nor a
 * length mismatch shows up as an early return. Only hashing time, which grows
 * with input length, remains observable, and that is unavoidable.
 */
const COMPARE_KEY = randomBytes(32);

export function timingSafeEqualStr(a: string, b: string): boolean {
  const ha = createHmac("sha256", COMPARE_KEY).update(a, "utf8").digest();
  const hb = createHmac("sha256", COMPARE_KEY).update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

/** Hex HMAC-SHA256, the format most webhook providers sign raw bodies with. */
export function hmacSha256Hex(secret: string | Buffer, raw: string | Buffer | Uint8Array): string {
  return createHmac("sha256", secret).update(raw).digest("hex");
}
