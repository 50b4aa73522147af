/**
 * Privacy center seed: the platform tenant `sotto` (whose privacy center at
 * /privacy-center serves Sotto's own customers, and whose admins are Sotto's
 * operators) with one operator account, and a few data-subject requests in
 * Acme Shop so the requests page and its SLA chart have history.
 *
 * Idempotent: the tenant is found by slug (another seed module may create it
 * too), the user by email, requests by fixed ids; existing rows are left alone.
 */
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient, Prisma } from "../lib/db/generated/client";
import type { TSeedTenantKey } from "./seed-data";

type TTx = Prisma.TransactionClient;

export const PLATFORM_TENANT = { slug: "sotto", name: "Sotto" } as const;
export const PLATFORM_OPERATOR_EMAIL = "operator@sotto.test";
/** A contact of Acme Shop that the privacy-center e2e test exports and erases (re-seeding brings it back). */
export const PRIVACY_E2E_CONTACT = { email: "erin.privacy@example.com", name: "Erin Privacy" } as const;

const sid = (tenantId: string, key: string) => `s${createHash("sha256").update(`${tenantId}:${key}`).digest("hex").slice(0, 24)}`;
const newId = () => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;

async function ctx(tx: TTx, c: { tenantId?: string; userId?: string }) {
  await tx.$executeRaw`SELECT set_config('app.tenant_id', ${c.tenantId ?? ""}, true), set_config('app.user_id', ${c.userId ?? ""}, true)`;
}

async function ensurePlatformTenant(prisma: PrismaClient): Promise<string> {
  const found = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM sotto_tenant_by_slug(${PLATFORM_TENANT.slug})`;
  if (found[0]) return found[0].id;
  const id = newId();
  await prisma.$transaction(async (tx) => {
    await ctx(tx, { tenantId: id });
    await tx.tenant.upsert({ where: { slug: PLATFORM_TENANT.slug }, create: { id, name: PLATFORM_TENANT.name, slug: PLATFORM_TENANT.slug }, update: {} });
    await tx.auditEvent.create({
      data: { tenantId: id, seq: 0, prevHash: "", hash: "", action: "tenant.created", actorEmail: "seed", targetType: "Tenant", targetId: id, metadata: { source: "seed-privacy", slug: PLATFORM_TENANT.slug } },
    });
  });
  const again = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM sotto_tenant_by_slug(${PLATFORM_TENANT.slug})`;
  return again[0]!.id;
}

async function ensureOperator(prisma: PrismaClient, tenantId: string): Promise<void> {
  const rows = await prisma.$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${PLATFORM_OPERATOR_EMAIL}) AS id`;
  const userId = rows[0]?.id ?? newId();
  await prisma.$transaction(async (tx) => {
    await ctx(tx, { userId });
    if (!rows[0]?.id) await tx.user.create({ data: { id: userId, email: PLATFORM_OPERATOR_EMAIL, name: "Sotto Privacy Operator" } });
  });
  await prisma.$transaction(async (tx) => {
    await ctx(tx, { tenantId, userId });
    await tx.membership.upsert({ where: { tenantId_userId: { tenantId, userId } }, create: { tenantId, userId, role: "owner" }, update: {} });
  });
}

/** Past requests for the SLA chart: answered on time, answered late, one extended and still open. */
async function seedHistory(prisma: PrismaClient, tenantId: string): Promise<void> {
  const day = 86_400_000;
  const base = Date.now();
  const items = [
    { key: "dsr:priya:access", contact: "priya", email: "priya.nair@example.com", type: "access" as const, receivedDaysAgo: 70, doneAfterDays: 12 },
    { key: "dsr:giulia:rectification", contact: "giulia", email: "giulia.bianchi@example.it", type: "rectification" as const, receivedDaysAgo: 40, doneAfterDays: 35 },
    { key: "dsr:priya:objection", contact: "priya", email: "priya.nair@example.com", type: "objection" as const, receivedDaysAgo: 20, doneAfterDays: 3 },
    { key: "dsr:giulia:access", contact: "giulia", email: "giulia.bianchi@example.it", type: "access" as const, receivedDaysAgo: 33, doneAfterDays: null, extendedMonths: 2 },
  ];
  await prisma.$transaction(async (tx) => {
    await ctx(tx, { tenantId });
    for (const it of items) {
      const id = sid(tenantId, it.key);
      const receivedAt = new Date(base - it.receivedDaysAgo * day);
      const due = new Date(receivedAt);
      due.setUTCMonth(due.getUTCMonth() + 1 + (it.extendedMonths ?? 0));
      const completedAt = it.doneAfterDays === null ? null : new Date(receivedAt.getTime() + it.doneAfterDays * day);
      await tx.privacyRequest.upsert({
        where: { id },
        update: {},
        create: {
          id,
          tenantId,
          type: it.type,
          status: completedAt ? "completed" : "pending",
          handleHash: createHash("sha256").update(`seed:${id}`).digest("hex"),
          identityKind: "email",
          identityValue: it.email,
          contactIds: [sid(tenantId, `contact:${it.contact}`)],
          details: it.type === "rectification" ? { type: it.type, correction: "My surname is spelled Bianchi, not Bianchini." } : it.type === "objection" ? { type: it.type, scope: "profiling" } : { type: it.type },
          verifiedAt: receivedAt,
          receivedAt,
          dueAt: due,
          decidedAt: completedAt,
          completedAt,
          ...(it.extendedMonths ? { extendedAt: new Date(receivedAt.getTime() + 20 * day), extensionReason: "Her conversations span three channels and two merged contact records." } : {}),
        },
      });
    }
  });
}

/** Erin: an email conversation with three messages and an email opt-in, on the channel seed-inbox creates. */
async function seedE2eContact(prisma: PrismaClient, tenantId: string): Promise<void> {
  const channelId = sid(tenantId, "ch:email");
  const contactId = sid(tenantId, "contact:erin-privacy");
  const conversationId = sid(tenantId, "conv:erin-privacy");
  const base = Date.now() - 3 * 86_400_000;
  await prisma.$transaction(async (tx) => {
    await ctx(tx, { tenantId });
    if (!(await tx.channel.findFirst({ where: { id: channelId }, select: { id: true } }))) return;
    await tx.contact.upsert({ where: { id: contactId }, update: {}, create: { id: contactId, tenantId, name: PRIVACY_E2E_CONTACT.name, email: PRIVACY_E2E_CONTACT.email, locale: "en" } });
    await tx.contactIdentity.upsert({
      where: { tenantId_kind_value: { tenantId, kind: "email", value: PRIVACY_E2E_CONTACT.email } },
      update: {},
      create: { id: sid(tenantId, "identity:erin-privacy"), tenantId, contactId, kind: "email", value: PRIVACY_E2E_CONTACT.email, channelId },
    });
    await tx.conversation.upsert({
      where: { id: conversationId },
      update: {},
      create: { id: conversationId, tenantId, channelId, contactId, status: "resolved", subject: "Return of order 7731", lastActivityAt: new Date(base + 3_600_000), lastMessagePreview: "Thanks, label received!", createdAt: new Date(base) },
    });
    const messages = [
      { key: "m1", direction: "inbound" as const, authorType: "contact" as const, text: "Hello, I would like to return order 7731 (the blue lamp)." },
      { key: "m2", direction: "outbound" as const, authorType: "agent" as const, text: "Of course, Erin. Here is your prepaid return label." },
      { key: "m3", direction: "inbound" as const, authorType: "contact" as const, text: "Thanks, label received!" },
    ];
    for (const [i, m] of messages.entries()) {
      await tx.message.upsert({
        where: { id: sid(tenantId, `msg:erin-privacy:${m.key}`) },
        update: {},
        create: {
          id: sid(tenantId, `msg:erin-privacy:${m.key}`), tenantId, conversationId, channelId, direction: m.direction, authorType: m.authorType,
          authorId: m.authorType === "contact" ? contactId : null, kind: "email", text: m.text, status: m.direction === "inbound" ? "received" : "delivered",
          providerMessageId: `<erin-privacy-${m.key}@acme-shop.test>`, createdAt: new Date(base + i * 1_200_000),
        },
      });
    }
    await tx.contactOptIn.upsert({
      where: { tenantId_contactId_channelType: { tenantId, contactId, channelType: "email" } },
      update: {},
      create: { id: sid(tenantId, "optin:erin-privacy"), tenantId, contactId, channelType: "email", status: "opted_in", source: "checkout_form", changedAt: new Date(base) },
    });
  });
}

export async function seedPrivacy(prisma: PrismaClient, tenantIds: Record<TSeedTenantKey, string>): Promise<void> {
  const platformId = await ensurePlatformTenant(prisma);
  await ensureOperator(prisma, platformId);
  await seedHistory(prisma, tenantIds.acme);
  await seedE2eContact(prisma, tenantIds.acme);
}
