import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

const BASIS = "Workspace memberships are kept while the workspace's contract runs (account data); the workspace owner removes members";

async function asUser<T>(tx: TTx, userId: string, work: () => Promise<T>): Promise<T> {
  await tx.$executeRaw`SELECT set_config('app.user_id', ${userId}, true)`;
  return work();
}

type TMembershipRow = { tenant_id: string; tenant_name: string; tenant_slug: string; role: string };

const memberships = (tx: TTx, userId: string) =>
  tx.$queryRaw<TMembershipRow[]>`SELECT tenant_id, tenant_name, tenant_slug, role::text AS role FROM sotto_user_memberships(${userId})`;

/**
 * A Sotto customer's dashboard account (platform privacy center only): profile,
 * sessions and workspace memberships. Erasure deletes sessions and strips the
 * profile; membership rows stay with their workspaces (listed as retained).
 */
export const accountStore = defineStore({
  name: "account",
  label: "Sotto account",
  category: "account-data",
  async exporter(tx, s: TSubject) {
    if (!s.userId) return [];
    const userId = s.userId;
    return asUser(tx, userId, async () => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, emailVerified: true, createdAt: true } });
      if (!user) return [];
      const sessions = await tx.session.count({ where: { userId } });
      return [{ ...user, activeSessions: sessions, memberships: await memberships(tx, userId) }];
    });
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
