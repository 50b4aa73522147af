/**
 * Consent manager seed: the Sotto platform workspace (slug `sotto`), which holds
 * the consent config of Sotto's own website and dashboard, with one operator
 * account; and a demo config for Acme Shop listing example analytics and
 * advertising vendors. Idempotent: existing configs are left as they are
 * (published policies are history and are only changed by publishing).
 */
import { randomBytes } from "node:crypto";
import type { PrismaClient, Prisma } from "../lib/db/generated/client";
import { env } from "../lib/env";
import { defaultConsentPolicy, platformConsentPolicy } from "../lib/consent/default-policy";
import { policyFingerprint } from "../lib/consent/fingerprint";
import { generateConsentKey } from "../lib/consent/keys";
import { ZConsentPolicy, type TConsentPolicyInput } from "../lib/consent/schemas";

type TTx = Prisma.TransactionClient;

export const PLATFORM_TENANT = { slug: "sotto", name: "Sotto" } as const;
/** Operator of Sotto's own consent config (signs in like every seeded account). */
export const PLATFORM_OPERATOR = { email: "privacy@sotto.test", name: "Pia Privacy" } as const;

const newId = () => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;

async function setContext(tx: TTx, ctx: { tenantId?: string; userId?: string }): Promise<void> {
  await tx.$executeRaw`SELECT set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true)`;
}

async function tenantIdBySlug(prisma: PrismaClient, slug: string): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM sotto_tenant_by_slug(${slug})`;
  return rows[0]?.id ?? null;
}

async function ensureConfig(prisma: PrismaClient, tenantId: string, input: TConsentPolicyInput, allowedOrigins: string[]): Promise<string> {
  return prisma.$transaction(async (tx) => {
    await setContext(tx, { tenantId });
    const existing = await tx.consentConfig.findUnique({ where: { tenantId }, select: { publicKey: true } });
    if (existing) return existing.publicKey;
    const policy = ZConsentPolicy.parse(input);
    const fingerprint = policyFingerprint(policy, 1);
    const config = await tx.consentConfig.create({
      data: { tenantId, publicKey: generateConsentKey(), allowedOrigins, policyVersion: 1, fingerprint, policy, publishedAt: new Date() },
    });
    await tx.consentPolicyVersion.create({ data: { tenantId, version: 1, fingerprint, policy } });
    await tx.auditEvent.create({
      data: { tenantId, seq: 0, prevHash: "", hash: "", action: "consent.config_created", actorEmail: "seed", targetType: "ConsentConfig", targetId: config.id, metadata: { source: "seed", version: 1, fingerprint } },
    });
    return config.publicKey;
  });
}

/** Example vendors for a demo shop: analytics and advertising, with cookies, purposes and retention. */
export function demoShopPolicy(): TConsentPolicyInput {
  const p = defaultConsentPolicy();
  p.categories.analytics.enabled = true;
  p.categories.analytics.vendors = [
    {
      id: "example-analytics",
      name: "Example Analytics",
      purposes: { en: "Counts visits and page views to measure how the shop is used.", it: "Conta visite e pagine viste per misurare l'uso del negozio." },
      cookies: [
        { name: "_ea", domain: null, durationDays: 395 },
        { name: "_ea_*", domain: null, durationDays: 395 },
      ],
      retentionDays: 425,
      privacyUrl: "https://analytics.example/privacy",
    },
  ];
  p.categories.advertising.enabled = true;
  p.categories.advertising.vendors = [
    {
      id: "example-ads",
      name: "Example Ads",
      purposes: { en: "Measures which ads bring visitors and shows ads based on your interests.", it: "Misura quali annunci portano visitatori e mostra annunci in base ai tuoi interessi." },
      cookies: [{ name: "_exads", domain: null, durationDays: 90 }],
      retentionDays: 540,
      privacyUrl: "https://ads.example/privacy",
    },
  ];
  p.categories.functional.enabled = true;
  p.categories.functional.vendors = [
    {
      id: "sotto-chat",
      name: "Sotto live chat",
      purposes: { en: "Remembers your chat conversation between visits.", it: "Ricorda la tua conversazione in chat tra una visita e l'altra." },
      cookies: [],
      retentionDays: 730,
      privacyUrl: null,
    },
  ];
  return p;
}

export async function seedConsent(prisma: PrismaClient, tenantIds: Record<string, string>): Promise<{ platformKey: string }> {
  let platformId = await tenantIdBySlug(prisma, PLATFORM_TENANT.slug);
  if (!platformId) {
    const id = newId();
    await prisma.$transaction(async (tx) => {
      await setContext(tx, { tenantId: id });
      await tx.tenant.create({ data: { id, name: PLATFORM_TENANT.name, slug: PLATFORM_TENANT.slug } });
      await tx.auditEvent.create({
        data: { tenantId: id, seq: 0, prevHash: "", hash: "", action: "tenant.created", actorEmail: "seed", targetType: "Tenant", targetId: id, metadata: { source: "seed", slug: PLATFORM_TENANT.slug } },
      });
    });
    platformId = id;
  }
  const existingUser = (await prisma.$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${PLATFORM_OPERATOR.email}) AS id`)[0]?.id ?? null;
  const userId = existingUser ?? newId();
  await prisma.$transaction(async (tx) => {
    await setContext(tx, { userId });
    if (!existingUser) await tx.user.create({ data: { id: userId, email: PLATFORM_OPERATOR.email, name: PLATFORM_OPERATOR.name } });
  });
  await prisma.$transaction(async (tx) => {
    await setContext(tx, { tenantId: platformId, userId });
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: platformId, userId } },
      create: { tenantId: platformId, userId, role: "owner" },
      update: { role: "owner" },
    });
  });
  const platformKey = await ensureConfig(prisma, platformId, platformConsentPolicy(env.APP_URL), []);
  const acme = tenantIds.acme;
  if (acme) await ensureConfig(prisma, acme, demoShopPolicy(), []);
  return { platformKey };
}
