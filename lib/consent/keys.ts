import { randomInt } from "node:crypto";
import { CONSENT_KEY_PREFIX } from "./schemas";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A consent config's public key: `cpk_` + 24 base62 characters (~143 bits). */
export function generateConsentKey(): string {
  let out = CONSENT_KEY_PREFIX;
  for (let i = 0; i < 24; i++) out += BASE62[randomInt(62)];
  return out;
}
