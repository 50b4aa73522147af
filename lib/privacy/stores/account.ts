import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";
import { col, iso, jsonObject, jsonRows } from "../json-rows";

const BASIS = "Workspace memberships are kept while the workspace's contract runs (account data); the workspace owner removes members";

async function asUser<T>(tx: TTx, userId: string, work: () => Promise<T>): Promise<T> {
  await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
  return work();
}

type TMembershipRow = { tenant_id: string; tenant_name: string; tenant_slug: string; role: string };

const memberships = (tx: TTx, userId: string) =>
  tx.$queryRaw<TMembershipRow[]>`SELECT tenant_id, tenant_name, tenant_slug, role::text AS role FROM sotto_user_memberships(${userId})`;

const u = (name: string) => col("u", name);
const ms = (name: string) => col("ms", name);

/**
 * A Sotto customer's dashboard account (platform privacy center only): profile,
 * sessions and workspace memberships. Erasure deletes sessions and strips the
 * profile; membership rows stay with their workspaces (listed as retained).
 */
export const accountStore = defineStore({
  name: "account",
  label: "Sotto account",
  category: "account-data",
  async exportSql(q, s: TSubject) {
    if (!s.userId) return null;
    // The User and Session rows are visible under the user's own context (as in asUser).
    await q(Prisma.sql`SELECT set_config('app.user_id', ${s.userId}, true)`);
    // Memberships in the order the function returns them.
    const memberships = Prisma.sql`(SELECT coalesce(json_agg(${jsonObject({
      tenant_id: ms("tenant_id"), tenant_name: ms("tenant_name"), tenant_slug: ms("tenant_slug"), role: Prisma.sql`${ms("role")}::text`,
    })} ORDER BY ms.n), '[]') FROM sotto_user_memberships(${s.userId}) WITH ORDINALITY ms(tenant_id, tenant_name, tenant_slug, role, n))`;
    return jsonRows(
      {
        id: u("id"), email: u("email"), name: u("name"), emailVerified: iso(u("emailVerified")), createdAt: iso(u("createdAt")),
        activeSessions: Prisma.sql`(SELECT count(*)::int FROM "Session" ss WHERE ss."userId" = ${s.userId})`,
        memberships,
      },
      Prisma.sql`FROM "User" u WHERE u.id = ${s.userId}`,
      [u("id")],
    );
  },
  async eraser(tx, s) {
    if (!s.userId) return { deleted: 0, anonymised: 0, retained: 0 };
    const userId = s.userId;
    return asUser(tx, userId, async () => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
      if (!user) return { deleted: 0, anonymised: 0, retained: 0 };
      const { count: sessions } = await tx.session.deleteMany({ where: { userId } });
      const anonymised = user.email.endsWith("@erased.invalid") ? 0 : 1;
      if (anonymised) await tx.user.update({ where: { id: userId }, data: { name: null, image: null, email: `erased-${userId}@erased.invalid` } });
      const kept = await memberships(tx, userId);
      return {
        deleted: sessions,
        anonymised,
        retained: kept.length,
        retainedItems: kept.map((m) => ({ store: "account", ref: `membership:${m.tenant_slug}`, basis: BASIS })),
      };
    });
  },
});
