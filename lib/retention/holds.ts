import "server-only";
import { z } from "zod";
import { withTenant } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";

/**
 * Legal holds: a contact or a conversation under hold is exempt from retention
 * purges and from erasure, with the reason and who placed it. Placing a hold
 * also brings back rows of it that retention had hidden but not yet physically
 * deleted, so they can be reviewed: rows below the retention watermark by the
 * RLS policy itself, rows marked one by one (`deletedAt`, before the watermark
 * existed) by clearing the mark.
 */
export const ZPlaceHold = z
  .object({
    contactId: z.string().trim().max(64).optional().transform((v) => v || undefined),
    conversationId: z.string().trim().max(64).optional().transform((v) => v || undefined),
    reason: z.string().trim().min(10, "Give the reason for the hold (at least 10 characters).").max(1000),
  })
  .refine((v) => Boolean(v.contactId) !== Boolean(v.conversationId), { message: "Choose a contact or a conversation to hold.", path: ["contactId"] });

type TActor = { userId: string; email: string; requestId?: string | null; ipPrefix?: string | null };

export async function placeHold(tenantId: string, actor: TActor, input: { contactId?: string; conversationId?: string; reason: string }): Promise<{ id: string }> {
  return withTenant(tenantId, async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.include_deleted', 'on', true)`;
    if (input.contactId) {
      if (!(await tx.contact.findFirst({ where: { tenantId, id: input.contactId }, select: { id: true } }))) throw new ActionError("not_found", "No contact with that id in this workspace.");
    } else if (!(await tx.conversation.findFirst({ where: { tenantId, id: input.conversationId }, select: { id: true } }))) {
      throw new ActionError("not_found", "No conversation with that id in this workspace.");
    }
    const hold = await tx.legalHold.create({
      data: { tenantId, contactId: input.contactId ?? null, conversationId: input.conversationId ?? null, reason: input.reason, createdById: actor.userId, createdByEmail: actor.email },
      select: { id: true },
    });
    const conversations = input.conversationId ? { id: input.conversationId } : { contactId: input.contactId };
    await tx.conversation.updateMany({ where: { tenantId, ...conversations, deletedAt: { not: null } }, data: { deletedAt: null } });
    await tx.message.updateMany({ where: { tenantId, conversation: conversations, deletedAt: { not: null } }, data: { deletedAt: null } });
    await recordAudit(tx, {
      tenantId,
      action: "legal_hold.placed",
      actor: { userId: actor.userId, email: actor.email },
      target: { type: input.contactId ? "Contact" : "Conversation", id: (input.contactId ?? input.conversationId)! },
      metadata: { holdId: hold.id },
      context: { requestId: actor.requestId ?? null, ipPrefix: actor.ipPrefix ?? null },
    });
    return hold;
  });
}

export async function releaseHold(tenantId: string, actor: TActor, holdId: string): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const { count } = await tx.legalHold.updateMany({ where: { tenantId, id: holdId, releasedAt: null }, data: { releasedAt: now(), releasedById: actor.userId } });
    if (count !== 1) throw new ActionError("not_found", "That hold is already released.");
    await recordAudit(tx, {
      tenantId,
      action: "legal_hold.released",
      actor: { userId: actor.userId, email: actor.email },
      target: { type: "LegalHold", id: holdId },
      context: { requestId: actor.requestId ?? null, ipPrefix: actor.ipPrefix ?? null },
    });
  });
}

export async function listHolds(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.legalHold.findMany({ where: { tenantId }, orderBy: [{ releasedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 100 }));
}
