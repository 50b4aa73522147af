import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import type { TRole } from "@/lib/auth/roles";
import type { TSessionUser } from "@/lib/auth/session";
import type { TRealtimeEvent } from "@/lib/realtime/bus";
import { conversationUpdated, messageCreated, publishAll } from "./events";
import { getConversationSummary } from "./queries";
import { getMessage } from "./messages";
import type { TConversationSummary, TMessageDto, TPriority } from "./types";

/**
 * Agents' changes to a conversation: assignment, team, priority, snooze,
 * resolve/reopen, read state. Each runs in one tenant transaction with the
 * conversation row locked, leaves a system activity line in the thread (never
 * sent: private) and publishes deltas after commit.
 */
export type TInboxActor = { user: TSessionUser; role: TRole; tenant: { id: string; name: string } };

export type TLockedConversation = {
  id: string;
  status: "open" | "pending" | "snoozed" | "resolved";
  snoozedUntil: Date | null;
  assigneeId: string | null;
  teamId: string | null;
  channelId: string;
  contactId: string;
  priority: TPriority;
};

/**
 * Locks the conversation for the rest of the transaction. A snooze whose time
 * has passed is turned into "open" here, so the stored status catches up with
 * what the list already shows.
 */
export async function lockConversation(tx: TTx, tenantId: string, conversationId: string, at: Date = now()): Promise<TLockedConversation> {
  const rows = await tx.$queryRaw<TLockedConversation[]>(Prisma.sql`
    SELECT id, status::text AS status, "snoozedUntil", "assigneeId", "teamId", "channelId", "contactId", priority::text AS priority
    FROM "Conversation" WHERE "tenantId" = ${tenantId} AND id = ${conversationId} FOR UPDATE`);
  const c = rows[0];
  if (!c) throw new ActionError("not_found", "That conversation no longer exists.");
  if (c.status === "snoozed" && c.snoozedUntil && c.snoozedUntil.getTime() <= at.getTime()) {
    await tx.conversation.update({ where: { id: c.id }, data: { status: "open", snoozedUntil: null } });
    return { ...c, status: "open", snoozedUntil: null };
  }
  return c;
}

/** A line in the thread saying what happened ("Alex resolved the conversation"). Private: never sent. */
export async function recordActivity(
  tx: TTx,
  input: { tenantId: string; conversation: Pick<TLockedConversation, "id" | "channelId">; actorUserId: string | null; text: string; activity: Record<string, unknown> },
): Promise<string> {
  const m = await tx.message.create({
    data: {
      tenantId: input.tenantId,
      conversationId: input.conversation.id,
      channelId: input.conversation.channelId,
      direction: "outbound",
      authorType: "system",
      authorId: input.actorUserId,
      kind: "text",
      text: input.text,
      isPrivate: true,
      status: "received",
      payload: { activity: input.activity } as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return m.id;
}

export const displayName = (u: { name: string | null; email: string }) => u.name?.trim() || u.email;

type TChange = (
  tx: TTx,
  c: TLockedConversation,
  at: Date,
) => Promise<{ data?: Prisma.ConversationUpdateInput; activity?: { text: string; activity: Record<string, unknown> } | null }>;

/** What a change returns to the acting browser: the new summary and the thread line it wrote, so it shows both at once. */
export type TConversationChange = { summary: TConversationSummary; activity: TMessageDto | null };

/** The common shape of a conversation change: lock, decide, update, log, publish, return the new summary. */
async function change(actor: TInboxActor, conversationId: string, decide: TChange): Promise<TConversationChange> {
  const at = now();
  const events: TRealtimeEvent[] = [];
  const result = await withTenant(actor.tenant.id, async (tx) => {
    const c = await lockConversation(tx, actor.tenant.id, conversationId, at);
    const { data, activity } = await decide(tx, c, at);
    if (data && Object.keys(data).length) await tx.conversation.update({ where: { id: c.id }, data });
    let line: TMessageDto | null = null;
    if (activity) {
      const id = await recordActivity(tx, { tenantId: actor.tenant.id, conversation: c, actorUserId: actor.user.id, ...activity });
      events.push(messageCreated(c.id, id));
      line = await getMessage(tx, actor.tenant.id, id);
    }
    events.push(conversationUpdated(c.id));
    return { summary: (await getConversationSummary(tx, actor.tenant.id, c.id, at))!, activity: line };
  });
  await publishAll(actor.tenant.id, events);
  return result;
}

/** Members who can take conversations: agents and above. */
export async function assignableMember(tx: TTx, userId: string) {
  const m = await tx.membership.findFirst({
    where: { userId, role: { in: ["agent", "admin", "owner"] } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return m?.user ?? null;
}

export async function assignConversation(actor: TInboxActor, input: { conversationId: string; assigneeId: string | null }) {
  return change(actor, input.conversationId, async (tx, c) => {
    if (c.assigneeId === input.assigneeId) return {};
    const me = displayName(actor.user);
    if (!input.assigneeId) {
      return { data: { assigneeId: null }, activity: { text: `${me} unassigned the conversation`, activity: { type: "unassigned" } } };
    }
    const member = await assignableMember(tx, input.assigneeId);
    if (!member) throw new ActionError("invalid", "Conversations can only be assigned to agents of this workspace.");
    const text = member.id === actor.user.id ? `${me} self-assigned the conversation` : `${me} assigned the conversation to ${displayName(member)}`;
    return { data: { assigneeId: member.id }, activity: { text, activity: { type: "assigned", assigneeId: member.id } } };
  });
}

export async function setConversationTeam(actor: TInboxActor, input: { conversationId: string; teamId: string | null }) {
  return change(actor, input.conversationId, async (tx, c) => {
    if (c.teamId === input.teamId) return {};
    const me = displayName(actor.user);
    if (!input.teamId) return { data: { teamId: null }, activity: { text: `${me} removed the team`, activity: { type: "team", teamId: null } } };
    const team = await tx.team.findFirst({ where: { id: input.teamId }, select: { id: true, name: true } });
    if (!team) throw new ActionError("not_found", "That team no longer exists.");
    return { data: { teamId: team.id }, activity: { text: `${me} moved the conversation to ${team.name}`, activity: { type: "team", teamId: team.id } } };
  });
}

const PRIORITY_LABELS: Record<TPriority, string> = { none: "no priority", low: "low", medium: "medium", high: "high", urgent: "urgent" };

export async function setConversationPriority(actor: TInboxActor, input: { conversationId: string; priority: TPriority }) {
  return change(actor, input.conversationId, async (_tx, c) => {
    if (c.priority === input.priority) return {};
    const text = input.priority === "none" ? `${displayName(actor.user)} removed the priority` : `${displayName(actor.user)} set the priority to ${PRIORITY_LABELS[input.priority]}`;
    return { data: { priority: input.priority }, activity: { text, activity: { type: "priority", priority: input.priority } } };
  });
}

const MAX_SNOOZE_MS = 366 * 86_400_000;

export async function snoozeConversation(actor: TInboxActor, input: { conversationId: string; until: string }) {
  const until = new Date(input.until);
  return change(actor, input.conversationId, async (_tx, c, at) => {
    if (until.getTime() <= at.getTime() + 30_000) throw new ActionError("invalid", "Pick a time in the future.");
    if (until.getTime() > at.getTime() + MAX_SNOOZE_MS) throw new ActionError("invalid", "Conversations can be snoozed for up to a year.");
    if (c.status === "resolved") throw new ActionError("conflict", "Reopen the conversation before snoozing it.");
    return {
      data: { status: "snoozed", snoozedUntil: until },
      activity: { text: `${displayName(actor.user)} snoozed the conversation`, activity: { type: "snoozed", until: until.toISOString() } },
    };
  });
}

export async function resolveConversation(actor: TInboxActor, input: { conversationId: string }) {
  return change(actor, input.conversationId, async (_tx, c, at) => {
    if (c.status === "resolved") return {};
    return {
      data: { status: "resolved", resolvedAt: at, snoozedUntil: null, unreadCount: 0 },
      activity: { text: `${displayName(actor.user)} resolved the conversation`, activity: { type: "resolved" } },
    };
  });
}

export async function reopenConversation(actor: TInboxActor, input: { conversationId: string }) {
  return change(actor, input.conversationId, async (_tx, c) => {
    if (c.status === "open") return {};
    return {
      data: { status: "open", resolvedAt: null, snoozedUntil: null },
      activity: { text: `${displayName(actor.user)} reopened the conversation`, activity: { type: "reopened", from: c.status } },
    };
  });
}

/** Opening a conversation reads it. No activity line: reading is not an event worth a thread entry. */
export async function markConversationRead(actor: TInboxActor, input: { conversationId: string }) {
  const at = now();
  const summary = await withTenant(actor.tenant.id, async (tx) => {
    const { count } = await tx.conversation.updateMany({ where: { id: input.conversationId, unreadCount: { gt: 0 } }, data: { unreadCount: 0 } });
    const s = await getConversationSummary(tx, actor.tenant.id, input.conversationId, at);
    if (!s) throw new ActionError("not_found", "That conversation no longer exists.");
    return { s, changed: count > 0 };
  });
  if (summary.changed) await publishAll(actor.tenant.id, [conversationUpdated(input.conversationId)]);
  return summary.s;
}
