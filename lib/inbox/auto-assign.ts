import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { businessHoursFrom, isWithinBusinessHours } from "./business-hours";
import { displayName, recordActivity } from "./conversations";
import { conversationUpdated, messageCreated, publishAll } from "./events";
import { inboxRoutingFrom } from "./inbox-routing";
import { openLoads, teamSettingsFrom } from "./teams";

/**
 * Round-robin auto-assignment with capacity. Called by the ingest pipeline's
 * `message.received` function inside its transaction:
 *
 *   const r = await withTenant(tenantId, (tx) => autoAssign(tx, tenantId, conversationId));
 *   await announceAutoAssign(tenantId, conversationId, r); // after commit
 *
 * The pool is the conversation's team (members with a role that can answer),
 * or every agent when it has no team. A conversation without a team first
 * joins its inbox's default team (Channel.settings.routing.teamId); an inbox
 * or a team with auto-assignment off leaves its conversations to people. The member with the fewest open and
 * pending conversations below their capacity wins; ties go to whoever was
 * assigned least recently. A transaction-scoped advisory lock per tenant
 * serialises concurrent calls, so two conversations arriving together cannot
 * both see the same free slot (requires READ COMMITTED, the default: each
 * statement after the lock sees what the previous holder committed).
 *
 * Outside the team's (or else the inbox's) business hours nothing is assigned
 * and an open conversation becomes pending; a later call within hours assigns it.
 */
export type TAutoAssignResult =
  | { outcome: "assigned"; assigneeId: string; activityMessageId: string }
  | { outcome: "outside_hours"; activityMessageId: string | null }
  | { outcome: "skipped"; reason: "not_found" | "already_assigned" | "not_open" | "restricted" | "disabled" | "no_candidates" | "at_capacity" };

export type TCandidate = { userId: string; capacity: number; lastAssignedAt: Date | null };

/** The choice itself, without the database: fewest open below capacity, then least recently assigned, then a stable order. */
export function pickAssignee(candidates: TCandidate[], loads: Map<string, number>): string | null {
  const free = candidates.filter((c) => (loads.get(c.userId) ?? 0) < c.capacity);
  free.sort(
    (a, b) =>
      (loads.get(a.userId) ?? 0) - (loads.get(b.userId) ?? 0) ||
      (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) ||
      a.userId.localeCompare(b.userId),
  );
  return free[0]?.userId ?? null;
}

export const DEFAULT_CAPACITY = 10;

/** The live deltas for an autoAssign result, published after its transaction committed: the conversation, and its activity line if one was written. */
export function announceAutoAssign(tenantId: string, conversationId: string, r: TAutoAssignResult): Promise<void> {
  const activityMessageId = r.outcome === "skipped" ? null : r.activityMessageId;
  return publishAll(tenantId, [conversationUpdated(conversationId), ...(activityMessageId ? [messageCreated(conversationId, activityMessageId)] : [])]);
}

type TConvRow = { id: string; status: string; assigneeId: string | null; teamId: string | null; channelId: string; channelSettings: unknown; restricted: boolean };

export async function autoAssign(tx: TTx, tenantId: string, conversationId: string, opts: { at?: Date } = {}): Promise<TAutoAssignResult> {
  const at = opts.at ?? now();
  const rows = await tx.$queryRaw<TConvRow[]>(Prisma.sql`
    SELECT c.id, c.status::text AS status, c."assigneeId", c."teamId", c."channelId", ch.settings AS "channelSettings", ct.restricted
    FROM "Conversation" c JOIN "Channel" ch ON ch.id = c."channelId" AND ch."tenantId" = c."tenantId"
    JOIN "Contact" ct ON ct.id = c."contactId" AND ct."tenantId" = c."tenantId"
    WHERE c."tenantId" = ${tenantId} AND c.id = ${conversationId}
    FOR UPDATE OF c`);
  const c = rows[0];
  if (!c) return { outcome: "skipped", reason: "not_found" };
  if (c.assigneeId) return { outcome: "skipped", reason: "already_assigned" };
  if (c.status !== "open" && c.status !== "pending") return { outcome: "skipped", reason: "not_open" };
  // A data-subject restriction (lib/privacy/restriction.ts): no automated processing; people assign by hand.
  if (c.restricted) return { outcome: "skipped", reason: "restricted" };

  const routing = inboxRoutingFrom(c.channelSettings);
  const teamId = c.teamId ?? routing.teamId;
  const team = teamId ? await tx.team.findFirst({ where: { tenantId, id: teamId }, select: { id: true, settings: true } }) : null;
  if (team && !c.teamId) {
    await tx.conversation.update({ where: { id: c.id }, data: { teamId: team.id } });
    c.teamId = team.id;
  }
  if (!routing.autoAssign) return { outcome: "skipped", reason: "disabled" };
  const settings = team ? teamSettingsFrom(team.settings) : null;
  if (settings && !settings.autoAssign) return { outcome: "skipped", reason: "disabled" };

  const hours = settings?.businessHours ?? businessHoursFrom(c.channelSettings);
  if (!isWithinBusinessHours(hours, at)) {
    if (c.status === "pending") return { outcome: "outside_hours", activityMessageId: null };
    await tx.conversation.update({ where: { id: c.id }, data: { status: "pending" } });
    const activityMessageId = await recordActivity(tx, {
      tenantId,
      conversation: c,
      actorUserId: null,
      text: "Outside business hours: marked pending and left unassigned",
      activity: { type: "outside_hours" },
    });
    return { outcome: "outside_hours", activityMessageId };
  }

  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtext(${`sotto:auto-assign:${tenantId}`}::text))`);

  const candidates = team
    ? await tx.$queryRaw<TCandidate[]>(Prisma.sql`
        SELECT tm."userId", tm.capacity, tm."lastAssignedAt"
        FROM "TeamMember" tm
        JOIN "Membership" m ON m."tenantId" = tm."tenantId" AND m."userId" = tm."userId" AND m.role IN ('agent', 'admin', 'owner')
        WHERE tm."tenantId" = ${tenantId} AND tm."teamId" = ${team.id}`)
    : await tx.$queryRaw<TCandidate[]>(Prisma.sql`
        SELECT m."userId", COALESCE(max(tm.capacity), ${DEFAULT_CAPACITY}::int) AS capacity, max(tm."lastAssignedAt") AS "lastAssignedAt"
        FROM "Membership" m
        LEFT JOIN "TeamMember" tm ON tm."tenantId" = m."tenantId" AND tm."userId" = m."userId"
        WHERE m."tenantId" = ${tenantId} AND m.role = 'agent'
        GROUP BY m."userId"`);
  if (!candidates.length) return { outcome: "skipped", reason: "no_candidates" };
  const normalised = candidates.map((r) => ({ userId: r.userId, capacity: Number(r.capacity), lastAssignedAt: r.lastAssignedAt }));
  const loads = await openLoads(tx, tenantId, normalised.map((r) => r.userId));
  const assigneeId = pickAssignee(normalised, loads);
  if (!assigneeId) return { outcome: "skipped", reason: "at_capacity" };

  await tx.conversation.update({ where: { id: c.id }, data: { assigneeId, status: "open" } });
  await tx.teamMember.updateMany({ where: { tenantId, userId: assigneeId, ...(team ? { teamId: team.id } : {}) }, data: { lastAssignedAt: at } });
  const user = await tx.user.findFirst({ where: { id: assigneeId }, select: { name: true, email: true } });
  const activityMessageId = await recordActivity(tx, {
    tenantId,
    conversation: c,
    actorUserId: null,
    text: `Assigned to ${user ? displayName(user) : "an agent"} by auto-assignment`,
    activity: { type: "auto_assigned", assigneeId },
  });
  return { outcome: "assigned", assigneeId, activityMessageId };
}
