import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import { announceQueued, queueOutboundMessage } from "@/lib/outbound/queue";
import { conversationUpdated, mentionCreated, messageCreated, publishAll } from "./events";
import { displayName, lockConversation, type TInboxActor } from "./conversations";
import { getMessage } from "./messages";
import { keepPresentMentions, type TMention } from "./mentions";
import { recordMentions } from "./mention-notifications";
import type { TSendReply } from "./schemas";
import type { TMessageDto } from "./types";

/**
 * An agent's reply or private note. Both enter through the outbound queue
 * (lib/outbound/queue.ts), the one way a message enters Sotto: a reply is
 * stored queued with its `message.send` OutboxEvent in this same transaction
 * (opted-out and restricted contacts are refused there); a note is stored as a
 * private `note` and never leaves Sotto. The note's @mentions are added to its
 * payload here. A retried send with the same clientMessageId returns the
 * message already stored.
 */
async function resolveMentions(tx: TTx, tenantId: string, text: string, userIds: string[]): Promise<TMention[]> {
  if (!userIds.length) return [];
  // Members of this workspace only (RLS agrees): a mention writes a notification the named user can read.
  const members = await tx.membership.findMany({
    where: { tenantId, userId: { in: userIds } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return keepPresentMentions(
    text,
    members.map((m) => ({ userId: m.user.id, name: displayName(m.user) })),
  );
}

export async function sendReply(actor: TInboxActor, input: TSendReply): Promise<TMessageDto> {
  const at = now();
  const tenantId = actor.tenant.id;
  const result = await withTenant(tenantId, async (tx) => {
    const c = await lockConversation(tx, tenantId, input.conversationId, at);
    const existing = await tx.message.findFirst({
      where: { tenantId, conversationId: c.id, clientMessageId: input.clientMessageId },
      select: { id: true },
    });
    if (existing) return { messageId: existing.id, created: false, notified: [] as string[] };
    if (!input.isPrivate && c.status === "resolved") throw new ActionError("conflict", "Reopen the conversation to reply.");
    const queued = await queueOutboundMessage(tx, {
      tenantId,
      conversationId: c.id,
      author: { type: "agent", userId: actor.user.id },
      text: input.text,
      isPrivate: input.isPrivate,
      clientMessageId: input.clientMessageId,
      attachments: input.attachmentIds.map((attachmentId) => ({ attachmentId })),
    });
    let notified: string[] = [];
    if (input.isPrivate) {
      const mentions = await resolveMentions(tx, tenantId, input.text, input.mentions);
      if (mentions.length) {
        await tx.message.update({ where: { id: queued.messageId }, data: { payload: { mentions } as unknown as Prisma.InputJsonValue } });
        notified = await recordMentions(tx, { tenantId, messageId: queued.messageId, conversationId: c.id, authorId: actor.user.id, mentions });
      }
    }
    return { messageId: queued.messageId, created: true, notified };
  });

  if (result.created) {
    if (input.isPrivate) {
      await publishAll(tenantId, [
        messageCreated(input.conversationId, result.messageId),
        conversationUpdated(input.conversationId),
        ...result.notified.map((userId) => mentionCreated(input.conversationId, result.messageId, userId)),
      ]);
    } else await announceQueued(tenantId, input.conversationId, result.messageId);
  }
  const message = await withTenant(tenantId, (tx) => getMessage(tx, tenantId, result.messageId));
  if (!message) throw new ActionError("not_found", "That conversation no longer exists.");
  return message;
}
