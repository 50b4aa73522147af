import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { auditInbox, type TAuditCtx } from "./audit";
import { conversationUpdated, publishAll } from "./events";
import { displayName, lockConversation, recordActivity, type TInboxActor } from "./conversations";
import { getConversationSummary } from "./queries";
import { messageCreated } from "./events";
import { now } from "@/lib/clock";
import { getMessage } from "./messages";
import type { TLabelDto, TMessageDto } from "./types";

/** Labels: created and applied by agents (creation and deletion are audited), deleted by admins. */
export async function listLabels(tenantId: string): Promise<(TLabelDto & { conversations: number })[]> {
  return withTenant(tenantId, async (tx) => {
    const labels = await tx.label.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, color: true, _count: { select: { conversations: true } } } });
    return labels.map((l) => ({ id: l.id, name: l.name, color: l.color, conversations: l._count.conversations }));
  });
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

export async function createLabel(actor: TInboxActor, input: { name: string; color: string }, ctx: TAuditCtx): Promise<TLabelDto> {
  try {
    return await withTenant(actor.tenant.id, async (tx) => {
      const clash = await tx.label.findFirst({ where: { name: { equals: input.name, mode: "insensitive" } }, select: { id: true } });
      if (clash) throw new ActionError("conflict", `A label called “${input.name}” already exists.`);
      const label = await tx.label.create({ data: { tenantId: actor.tenant.id, name: input.name, color: input.color }, select: { id: true, name: true, color: true } });
      await auditInbox(tx, actor, ctx, "inbox.label_created", { type: "label", id: label.id }, { name: label.name, color: label.color });
      return label;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ActionError("conflict", `A label called “${input.name}” already exists.`);
    throw e;
  }
}

export async function deleteLabel(actor: TInboxActor, input: { labelId: string }, ctx: TAuditCtx): Promise<void> {
  const affected = await withTenant(actor.tenant.id, async (tx) => {
    const label = await tx.label.findFirst({ where: { id: input.labelId }, select: { id: true, name: true, conversations: { select: { conversationId: true } } } });
    if (!label) throw new ActionError("not_found", "That label no longer exists.");
    await tx.label.delete({ where: { id: label.id } });
    await auditInbox(tx, actor, ctx, "inbox.label_deleted", { type: "label", id: label.id }, { name: label.name, conversations: label.conversations.length });
    return label.conversations.map((c) => c.conversationId);
  });
  // Large labels would flood browsers with updates; they refetch lists on their own when labels change.
  if (affected.length <= 50) await publishAll(actor.tenant.id, affected.map(conversationUpdated));
}

/** Replaces the conversation's labels with `labelIds` (a checkbox list in the UI), logging what changed. */
export async function setConversationLabels(actor: TInboxActor, input: { conversationId: string; labelIds: string[] }) {
  const at = now();
  const tenantId = actor.tenant.id;
  const out = await withTenant(tenantId, async (tx) => {
    const c = await lockConversation(tx, tenantId, input.conversationId, at);
    const wanted = [...new Set(input.labelIds)];
    const labels = await tx.label.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
    if (labels.length !== wanted.length) throw new ActionError("not_found", "One of those labels no longer exists. Reload and try again.");
    const current = await tx.conversationLabel.findMany({ where: { conversationId: c.id }, select: { labelId: true, label: { select: { name: true } } } });
    const currentIds = new Set(current.map((l) => l.labelId));
    const added = labels.filter((l) => !currentIds.has(l.id));
    const removed = current.filter((l) => !wanted.includes(l.labelId));
    let activityId: string | null = null;
    let activity: TMessageDto | null = null;
    if (added.length || removed.length) {
      if (removed.length) await tx.conversationLabel.deleteMany({ where: { conversationId: c.id, labelId: { in: removed.map((r) => r.labelId) } } });
      if (added.length) await tx.conversationLabel.createMany({ data: added.map((l) => ({ tenantId, conversationId: c.id, labelId: l.id })), skipDuplicates: true });
      const parts = [
        added.length ? `added ${added.map((l) => l.name).join(", ")}` : null,
        removed.length ? `removed ${removed.map((l) => l.label.name).join(", ")}` : null,
      ].filter(Boolean);
      activityId = await recordActivity(tx, {
        tenantId,
        conversation: c,
        actorUserId: actor.user.id,
        text: `${displayName(actor.user)} ${parts.join(" and ")}`,
        activity: { type: "labels", added: added.map((l) => l.id), removed: removed.map((l) => l.labelId) },
      });
      activity = await getMessage(tx, tenantId, activityId);
    }
    return { summary: (await getConversationSummary(tx, tenantId, c.id, at))!, activityId, activity };
  });
  if (out.activityId) await publishAll(tenantId, [messageCreated(input.conversationId, out.activityId), conversationUpdated(input.conversationId)]);
  return { summary: out.summary, activity: out.activity };
}
