/**
 * Demo / e2e seed: two workspaces and six accounts (prisma/seed-data.ts).
 *
 *   npx tsx prisma/seed.ts      (also `npx prisma db seed`, `npm run db:seed`)
 *
 * Idempotent: tenants are matched by slug, users by email, memberships by
 * (tenant, user); re-running updates names and roles and creates nothing twice.
 * Writes as the owner (DATABASE_URL), always inside transactions that set
 * app.tenant_id / app.user_id, so it also works when the owner is not a superuser
 * and FORCE ROW LEVEL SECURITY applies to it.
 */
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../lib/db/generated/client";
import { env } from "../lib/env";
import { SEED_TENANTS, SEED_USERS, type TSeedTenantKey } from "./seed-data";
import { seedInbox } from "./seed-inbox";

type TTx = Prisma.TransactionClient;

/** A cuid-like id, known before the insert so the RLS context can name it. */
const newId = () => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;

async function setContext(tx: TTx, ctx: { tenantId?: string; userId?: string }): Promise<void> {
  await tx.$executeRaw`SELECT set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true)`;
}

// Cross-tenant lookups go through the migration's SECURITY DEFINER functions: under
// RLS nobody, the owner included, can find a row by slug or email without its id.
async function tenantIdBySlug(prisma: PrismaClient, slug: string): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM sotto_tenant_by_slug(${slug})`;
  return rows[0]?.id ?? null;
}

async function userIdByEmail(prisma: PrismaClient, email: string): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${email}) AS id`;
  return rows[0]?.id ?? null;
}

export async function seed(prisma: PrismaClient): Promise<{ tenants: number; users: number; memberships: number }> {
  const tenantIds = {} as Record<TSeedTenantKey, string>;
  let createdTenants = 0;

  for (const [key, t] of Object.entries(SEED_TENANTS) as [TSeedTenantKey, (typeof SEED_TENANTS)[TSeedTenantKey]][]) {
    const id = (await tenantIdBySlug(prisma, t.slug)) ?? newId();
    const created = await prisma.$transaction(async (tx) => {
      await setContext(tx, { tenantId: id });
      const existing = await tx.tenant.findUnique({ where: { id }, select: { id: true } });
      if (existing) {
        await tx.tenant.update({ where: { id }, data: { name: t.name } });
        return false;
      }
      await tx.tenant.create({ data: { id, name: t.name, slug: t.slug } });
      // seq, prevHash, hash and createdAt are set by the audit chain trigger.
      await tx.auditEvent.create({
        data: {
          tenantId: id,
          seq: 0,
          prevHash: "",
          hash: "",
          action: "tenant.created",
          actorEmail: "seed",
          targetType: "Tenant",
          targetId: id,
          metadata: { source: "seed", slug: t.slug },
        },
      });
      return true;
    });
    tenantIds[key] = id;
    if (created) createdTenants++;
  }

  let createdUsers = 0;
  let memberships = 0;
  for (const u of SEED_USERS) {
    const email = u.email.toLowerCase();
    const existingId = await userIdByEmail(prisma, email);
    const userId = existingId ?? newId();
    await prisma.$transaction(async (tx) => {
      await setContext(tx, { userId });
      if (existingId) await tx.user.update({ where: { id: userId }, data: { name: u.name } });
      else await tx.user.create({ data: { id: userId, email, name: u.name } });
    });
    if (!existingId) createdUsers++;
    for (const m of u.memberships) {
      const tenantId = tenantIds[m.tenant];
      await prisma.$transaction(async (tx) => {
        await setContext(tx, { tenantId, userId });
        await tx.membership.upsert({
          where: { tenantId_userId: { tenantId, userId } },
          create: { tenantId, userId, role: m.role },
          update: { role: m.role },
        });
      });
      memberships++;
    }
  }
  await seedInbox(prisma, tenantIds);
  await (await import("./seed-privacy")).seedPrivacy(prisma, tenantIds);
  await (await import("./seed-consent")).seedConsent(prisma, tenantIds);
  return { tenants: createdTenants, users: createdUsers, memberships };
}

async function main(): Promise<void> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
  try {
    const r = await seed(prisma);
    console.log(
      `Seeded ${Object.keys(SEED_TENANTS).length} workspaces (${r.tenants} new), ${SEED_USERS.length} users (${r.users} new), ${r.memberships} memberships.`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

// Run when executed directly (tsx prisma/seed.ts, prisma db seed), not when imported.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("prisma/seed.ts")) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
