/**
 * Canonical JSON: object keys sorted (UTF-16 code unit order), no whitespace,
 * `undefined` members dropped. Shared by the server (lib/consent/fingerprint.ts)
 * and consent.js, so both hash exactly the same bytes for the same policy
 * however its keys were ordered when it was stored or sent. Client-safe: no imports.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/** What a fingerprint covers: everything the banner shows (categories, vendors, texts) and the version number. */
export function fingerprintSource(policy: unknown, version: number): string {
  return canonicalJson({ policy, version });
}
