import "server-only";
import { z } from "zod";
import type { TTx } from "@/lib/db/client";
import { defaultKeyRing, type TKeyRing } from "./key-ring";
import { tenantSecretAad } from "./encrypted-fields";

/** No ":" so that the AAD `TenantSecret:<tenantId>:<name>` stays unambiguous. */
export const ZSecretName = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, "Secret names are 1-64 letters, digits, _ . -");

/**
 * Stores a secret encrypted under the current key, bound to its tenant and name.
 * `tx` comes from `withTenant(tenantId, …)`; the caller records the audit event
 * (it knows the actor), with the name but never the value.
 */
export async function setTenantSecret(tx: TTx, tenantId: string, name: string, value: string, ring: TKeyRing = defaultKeyRing()): Promise<void> {
  const n = ZSecretName.parse(name);
  const ciphertext = ring.encrypt(value, tenantSecretAad(tenantId, n));
  await tx.tenantSecret.upsert({
    where: { tenantId_name: { tenantId, name: n } },
    create: { tenantId, name: n, ciphertext },
    update: { ciphertext },
    select: { id: true },
  });
}

/** The plaintext, or null when unset. Throws DecryptionError when the stored value was tampered with or moved. */
export async function getTenantSecret(tx: TTx, tenantId: string, name: string, ring: TKeyRing = defaultKeyRing()): Promise<string | null> {
  const n = ZSecretName.parse(name);
  const row = await tx.tenantSecret.findUnique({ where: { tenantId_name: { tenantId, name: n } }, select: { ciphertext: true } });
  return row ? ring.decrypt(row.ciphertext, tenantSecretAad(tenantId, n)) : null;
}

/** Names only, for settings pages that show which secrets are configured. */
export async function listTenantSecretNames(tx: TTx, tenantId: string): Promise<{ name: string; updatedAt: Date }[]> {
  return tx.tenantSecret.findMany({ where: { tenantId }, select: { name: true, updatedAt: true }, orderBy: { name: "asc" } });
}
