import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { auditInbox, type TAuditCtx } from "./audit";
import type { TBusinessHours } from "./business-hours";
import type { TInboxActor } from "./conversations";
import { ZTeamSettings, type TUpdateTeam } from "./schemas";

/** Teams, their members' auto-assignment capacity, and their settings (auto-assign on/off, business hours). */
export type TTeamSettings = { autoAssign: boolean; businessHours: TBusinessHours | null };

export function teamSettingsFrom(raw: unknown): TTeamSettings {
  const parsed = ZTeamSettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { autoAssign: true, businessHours: null };
}

export type TTeamDto = {
  id: string;
  name: string;
  settings: TTeamSettings;
  members: { userId: string; name: string | null; email: string; capacity: number; openConversations: number; lastAssignedAt: string | null }[];
};

export async function listTeams(tenantId: string): Promise<TTeamDto[]> {
  return withTenant(tenantId, async (tx) => {
    const teams = await tx.team.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, settings: true, members: true } });
    const userIds = [...new Set(teams.flatMap((t) => t.members.map((m) => m.userId)))];
    const [users, loads] = await Promise.all([
      userIds.length ? tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : Promise.resolve([]),
      openLoads(tx, tenantId, userIds),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      settings: teamSettingsFrom(t.settings),
      members: t.members
        .filter((m) => byId.has(m.userId))
        .map((m) => ({
          userId: m.userId,
          name: byId.get(m.userId)!.name,
          email: byId.get(m.userId)!.email,
          capacity: m.capacity,
          openConversations: loads.get(m.userId) ?? 0,
          lastAssignedAt: m.lastAssignedAt?.toISOString() ?? null,
        }))
        .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email)),
    }));
  });
}

/** Open and pending conversations per assignee: the load that capacity limits. */
export async function openLoads(tx: TTx, tenantId: string, userIds: string[]): Promise<Map<string, number>> {
  if (!userIds.length) return new Map();
  const rows = await tx.$queryRaw<{ assigneeId: string; n: number }[]>(Prisma.sql`
    SELECT "assigneeId", count(*)::int AS n FROM "Conversation"
    WHERE "tenantId" = ${tenantId} AND "assigneeId" IN (${Prisma.join(userIds)}) AND status IN ('open', 'pending')
    GROUP BY "assigneeId"`);
  return new Map(rows.map((r) => [r.assigneeId, Number(r.n)]));
}

function uniqueName(e: unknown, name: string): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") throw new ActionError("conflict", `A team called “${name}” already exists.`);
  throw e;
}

export async function createTeam(actor: TInboxActor, input: { name: string }, ctx: TAuditCtx) {
  try {
    return await withTenant(actor.tenant.id, async (tx) => {
      const team = await tx.team.create({
        data: { tenantId: actor.tenant.id, name: input.name, settings: { autoAssign: true, businessHours: null } },
        select: { id: true, name: true },
      });
      await auditInbox(tx, actor, ctx, "inbox.team_created", { type: "team", id: team.id }, { name: team.name });
      return team;
    });
  } catch (e) {
    uniqueName(e, input.name);
  }
}

export async function updateTeam(actor: TInboxActor, input: TUpdateTeam, ctx: TAuditCtx) {
  const tenantId = actor.tenant.id;
  try {
    await withTenant(tenantId, async (tx) => {
      const team = await tx.team.findFirst({ where: { id: input.teamId }, select: { id: true, members: { select: { userId: true } } } });
      if (!team) throw new ActionError("not_found", "That team no longer exists.");
      const userIds = input.members.map((m) => m.userId);
      const eligible = await tx.membership.findMany({ where: { userId: { in: userIds }, role: { in: ["agent", "admin", "owner"] } }, select: { userId: true } });
      if (eligible.length !== new Set(userIds).size) throw new ActionError("invalid", "Teams can only include agents, admins and owners of this workspace.");
      const settings: TTeamSettings = { autoAssign: input.autoAssign, businessHours: input.businessHours };
      await tx.team.update({ where: { id: team.id }, data: { name: input.name, settings: settings as unknown as Prisma.InputJsonValue } });
      await tx.teamMember.deleteMany({ where: { teamId: team.id, userId: { notIn: userIds } } });
      for (const m of input.members) {
        await tx.teamMember.upsert({
          where: { tenantId_teamId_userId: { tenantId, teamId: team.id, userId: m.userId } },
          create: { tenantId, teamId: team.id, userId: m.userId, capacity: m.capacity },
          update: { capacity: m.capacity },
        });
      }
      const before = new Set(team.members.map((m) => m.userId));
      await auditInbox(tx, actor, ctx, "inbox.team_updated", { type: "team", id: team.id }, {
        name: input.name,
        autoAssign: input.autoAssign,
        businessHours: input.businessHours ? { enabled: input.businessHours.enabled, timezone: input.businessHours.timezone } : null,
        added: userIds.filter((u) => !before.has(u)),
        removed: [...before].filter((u) => !userIds.includes(u)),
      });
    });
  } catch (e) {
    uniqueName(e, input.name);
  }
}

export async function deleteTeam(actor: TInboxActor, input: { teamId: string }, ctx: TAuditCtx) {
  await withTenant(actor.tenant.id, async (tx) => {
    const team = await tx.team.findFirst({ where: { id: input.teamId }, select: { id: true, name: true } });
    if (!team) throw new ActionError("not_found", "That team no longer exists.");
    // Conversation.teamId has no foreign key (teams are optional routing), so clear it here.
    const { count } = await tx.conversation.updateMany({ where: { teamId: team.id }, data: { teamId: null } });
    await tx.team.delete({ where: { id: team.id } });
    await auditInbox(tx, actor, ctx, "inbox.team_deleted", { type: "team", id: team.id }, { name: team.name, conversations: count });
  });
}
