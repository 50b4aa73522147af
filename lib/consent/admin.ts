import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { consentWebhookSecretAad } from "@/lib/crypto/encrypted-fields";
import { defaultKeyRing, type TKeyRing } from "@/lib/crypto/key-ring";
import { now } from "@/lib/clock";
import type { TTx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { generateConsentKey } from "./keys";
import { defaultConsentPolicy } from "./default-policy";
import { policyFingerprint } from "./fingerprint";
import { ZConsentPolicy, type TConsentPolicy, type TConsentPolicyInput } from "./schemas";

/**
 * Changes to a tenant's consent manager. Every function takes `tx` from
 * `withTenant(tenantId, …)` and records its audit event in it, so the change and
 * its trail commit together. Actions (lib/consent/actions/) check roles first.
 */
export type TActor = { userId: string | null; email: string | null };
type TAuditContext = { requestId?: string | null; ipPrefix?: string | null };

export async function ensureConsentConfig(tx: TTx, tenantId: string, actor: TActor, context: TAuditContext = {}, initial?: TConsentPolicyInput, allowedOrigins: string[] = []) {
  const existing = await tx.consentConfig.findUnique({ where: { tenantId } });
  if (existing) return existing;
  const policy = ZConsentPolicy.parse(initial ?? defaultConsentPolicy());
  const fingerprint = policyFingerprint(policy, 1);
  const at = now();
  const config = await tx.consentConfig.create({
    data: { tenantId, publicKey: generateConsentKey(), allowedOrigins, policyVersion: 1, fingerprint, policy, publishedAt: at },
  });
  await tx.consentPolicyVersion.create({ data: { tenantId, version: 1, fingerprint, policy, publishedById: actor.userId, publishedAt: at }, select: { id: true } });
  await recordAudit(tx, { tenantId, action: "consent.config_created", actor, target: { type: "ConsentConfig", id: config.id }, metadata: { version: 1, fingerprint }, context });
  return config;
}

/**
 * Publishes a new policy version. The fingerprint covers the version number, so
 * every publication changes it and every visitor is asked again: publish only
 * for material changes (a new vendor, a new purpose, new wording of the notice).
 */
export async function publishConsentPolicy(tx: TTx, tenantId: string, input: TConsentPolicyInput, actor: TActor, context: TAuditContext = {}) {
  const policy: TConsentPolicy = ZConsentPolicy.parse(input);
  const current = await tx.consentConfig.findUniqueOrThrow({ where: { tenantId }, select: { id: true, policyVersion: true } });
  const version = current.policyVersion + 1;
  const fingerprint = policyFingerprint(policy, version);
  const at = now();
  await tx.consentPolicyVersion.create({ data: { tenantId, version, fingerprint, policy, publishedById: actor.userId, publishedAt: at }, select: { id: true } });
  await tx.consentConfig.update({ where: { tenantId }, data: { policyVersion: version, fingerprint, policy, publishedAt: at } });
  await recordAudit(tx, { tenantId, action: "consent.policy_published", actor, target: { type: "ConsentConfig", id: current.id }, metadata: { version, fingerprint }, context });
  return { version, fingerprint };
}

export async function saveAllowedOrigins(tx: TTx, tenantId: string, origins: string[], actor: TActor, context: TAuditContext = {}) {
  const config = await tx.consentConfig.update({ where: { tenantId }, data: { allowedOrigins: origins }, select: { id: true } });
  await recordAudit(tx, { tenantId, action: "consent.origins_updated", actor, target: { type: "ConsentConfig", id: config.id }, metadata: { origins }, context });
}

/** A new signing secret, shown to the admin once (to hand to the vendor) and stored encrypted. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export async function setVendorWebhook(
  tx: TTx,
  tenantId: string,
  input: { vendorId: string; url: string; rotateSecret: boolean },
  actor: TActor,
  context: TAuditContext = {},
  ring: TKeyRing = defaultKeyRing(),
): Promise<{ secret: string | null }> {
  const existing = await tx.consentVendorWebhook.findUnique({ where: { tenantId_vendorId: { tenantId, vendorId: input.vendorId } }, select: { id: true } });
  const id = existing?.id ?? randomUUID();
  const secret = !existing || input.rotateSecret ? generateWebhookSecret() : null;
  const data: Prisma.ConsentVendorWebhookUncheckedUpdateInput = { url: input.url };
  if (secret) data.secret = ring.encrypt(secret, consentWebhookSecretAad(tenantId, id));
  if (existing) await tx.consentVendorWebhook.update({ where: { id }, data, select: { id: true } });
  else await tx.consentVendorWebhook.create({ data: { id, tenantId, vendorId: input.vendorId, url: input.url, secret: data.secret as string }, select: { id: true } });
  await recordAudit(tx, {
    tenantId,
    action: "consent.webhook_updated",
    actor,
    target: { type: "ConsentVendorWebhook", id },
    metadata: { vendorId: input.vendorId, url: input.url, secretRotated: Boolean(secret) },
    context,
  });
  return { secret };
}

export async function removeVendorWebhook(tx: TTx, tenantId: string, vendorId: string, actor: TActor, context: TAuditContext = {}) {
  const hook = await tx.consentVendorWebhook.findUnique({ where: { tenantId_vendorId: { tenantId, vendorId } }, select: { id: true } });
  if (!hook) return;
  await tx.consentVendorWebhook.delete({ where: { id: hook.id } });
  await recordAudit(tx, { tenantId, action: "consent.webhook_removed", actor, target: { type: "ConsentVendorWebhook", id: hook.id }, metadata: { vendorId }, context });
}

export async function vendorWebhookSecret(tx: TTx, tenantId: string, vendorId: string, ring: TKeyRing = defaultKeyRing()): Promise<{ url: string; secret: string } | null> {
  const hook = await tx.consentVendorWebhook.findUnique({ where: { tenantId_vendorId: { tenantId, vendorId } }, select: { id: true, url: true, secret: true } });
  return hook ? { url: hook.url, secret: ring.decrypt(hook.secret, consentWebhookSecretAad(tenantId, hook.id)) } : null;
}
