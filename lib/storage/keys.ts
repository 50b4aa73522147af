import { randomBytes } from "node:crypto";

/**
 * Storage keys: `t/<tenantId>/<yyyy>/<mm>/<32 hex>`. Generated here only, never
 * from user input (file names stay in the database), and checked against one
 * strict pattern before any driver uses them, so no key can climb out of its
 * directory or reach into another tenant's prefix.
 */
const TENANT = /^[A-Za-z0-9_-]{1,64}$/;
const KEY = /^t\/([A-Za-z0-9_-]{1,64})\/(\d{4})\/(\d{2})\/([a-f0-9]{32})$/;

export function newStorageKey(tenantId: string, at: Date): string {
  if (!TENANT.test(tenantId)) throw new Error("invalid tenant id for a storage key");
  const y = String(at.getUTCFullYear()).padStart(4, "0");
  const m = String(at.getUTCMonth() + 1).padStart(2, "0");
  return `t/${tenantId}/${y}/${m}/${randomBytes(16).toString("hex")}`;
}

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

/** The tenant a key belongs to, or null for anything that is not a key we made. */
export function tenantOfKey(key: string): string | null {
  return KEY.exec(key)?.[1] ?? null;
}

/** Throws for anything that is not a well-formed key (of `tenantId`, when given). */
export function assertStorageKey(key: string, tenantId?: string): string {
  const owner = tenantOfKey(key);
  if (!owner) throw new Error("invalid storage key");
  if (tenantId !== undefined && owner !== tenantId) throw new Error("storage key belongs to another tenant");
  return key;
}
