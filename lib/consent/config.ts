import "server-only";
import { env } from "@/lib/env";
import { pool, withTenant } from "@/lib/db/client";
import { log } from "@/lib/log";
import { normalizeOrigin } from "@/lib/widget/origins";
import { ZConsentPolicy, type TConsentPolicy } from "./schemas";

/** The workspace that holds Sotto's own consent config (marketing site and dashboard). */
export const PLATFORM_TENANT_SLUG = "sotto";

export type TPublicConsentConfig = {
  tenantId: string;
  tenantSlug: string;
  configId: string;
  /** Sotto's own site: its origin (APP_URL) is allowed in addition to the list, and signed-in users' choices sync. */
  isPlatform: boolean;
  allowedOrigins: string[];
  policyVersion: number;
  fingerprint: string;
  policy: TConsentPolicy;
  publishedAt: Date;
};

type TRow = {
  tenant_id: string;
  tenant_slug: string;
  config_id: string;
  allowed_origins: string[] | null;
  policy_version: number;
  fingerprint: string;
  policy: unknown;
  published_at: Date;
};

export const ownOrigin = () => normalizeOrigin(new URL(env.APP_URL).origin)!;

/** One round trip through the narrow definer function; null for an unknown key. */
export async function consentConfigByKey(key: string): Promise<TPublicConsentConfig | null> {
  const { rows } = await pool().query<TRow>("SELECT * FROM sotto_consent_config_by_key($1)", [key]);
  const row = rows[0];
  if (!row) return null;
  const policy = ZConsentPolicy.safeParse(row.policy);
  if (!policy.success) {
    // Written only through ZConsentPolicy; a row that no longer parses is a bug, not visitor input.
    log.error("stored consent policy does not validate", { tenantId: row.tenant_id, configId: row.config_id });
    return null;
  }
  const isPlatform = row.tenant_slug === PLATFORM_TENANT_SLUG;
  const listed = row.allowed_origins ?? [];
  return {
    tenantId: row.tenant_id,
    tenantSlug: row.tenant_slug,
    configId: row.config_id,
    isPlatform,
    allowedOrigins: isPlatform ? [...new Set([...listed, ownOrigin()])] : listed,
    policyVersion: row.policy_version,
    fingerprint: row.fingerprint,
    policy: policy.data,
    publishedAt: new Date(row.published_at),
  };
}

export async function platformTenantId(): Promise<string | null> {
  const { rows } = await pool().query<{ id: string }>("SELECT id FROM sotto_tenant_by_slug($1)", [PLATFORM_TENANT_SLUG]);
  return rows[0]?.id ?? null;
}

const cache = globalThis as unknown as { sottoPlatformConsent?: { at: number; value: { tenantId: string; key: string } | null } };
const CACHE_MS = 60_000;

/** Sotto's own public key for the script tag on its pages, cached for a minute; null when not set up. */
export async function platformConsent(): Promise<{ tenantId: string; key: string } | null> {
  const hit = cache.sottoPlatformConsent;
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  let value: { tenantId: string; key: string } | null = null;
  try {
    const tenantId = await platformTenantId();
    if (tenantId) {
      const config = await withTenant(tenantId, (tx) => tx.consentConfig.findUnique({ where: { tenantId }, select: { publicKey: true } }));
      value = config ? { tenantId, key: config.publicKey } : null;
    }
  } catch (err) {
    // Pages must render without the banner rather than fail when the database hiccups.
    log.warn("platform consent config unavailable", { err });
    return null;
  }
  cache.sottoPlatformConsent = { at: Date.now(), value };
  return value;
}
