import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { auditInbox, type TAuditCtx } from "./audit";
import { attributesOf } from "./contacts";
import { conversationUpdated, publishAll } from "./events";
import type { TInboxActor } from "./conversations";

/**
 * Merging a duplicate into a survivor: identities, conversations, the duplicate's
 * own message authorship and opt-ins move to the survivor; the duplicate keeps
 * its row with `mergedIntoId` so old links resolve. Privacy choices are never
 * lost in a merge: an opt-out on either side wins, and a restriction or a
 * profiling objection on either side carries over.
 */
export type TMergeResult = { survivorId: string; movedConversations: number; movedIdentities: number };

type TContactRow = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  attributes: unknown;
  mergedIntoId: string | null;
  restricted: boolean;
  noProfiling: boolean;
};

async function lockContacts(tx: TTx, tenantId: string, ids: string[]): Promise<Map<string, TContactRow>> {
  // Fixed lock order: two merges of the same pair in opposite directions cannot deadlock.
  const rows = await tx.$queryRaw<TContactRow[]>(Prisma.sql`
    SELECT id, name, email, phone, locale, attributes, "mergedIntoId", restricted, "noProfiling"
    FROM "Contact" WHERE "tenantId" = ${tenantId} AND id IN (${Prisma.join(ids)}) ORDER BY id FOR UPDATE`);
  return new Map(rows.map((r) => [r.id, r]));
}

async function mergeOptIns(tx: TTx, tenantId: string, survivorId: string, mergedId: string) {
  const rows = await tx.contactOptIn.findMany({ where: { tenantId, contactId: { in: [survivorId, mergedId] } } });
  const byType = new Map<string, typeof rows>();
  for (const r of rows) byType.set(r.channelType, [...(byType.get(r.channelType) ?? []), r]);
  for (const group of byType.values()) {
    const mine = group.find((r) => r.contactId === survivorId);
    const theirs = group.find((r) => r.contactId === mergedId);
    if (!theirs) continue;
    if (!mine) {
      await tx.contactOptIn.update({ where: { id: theirs.id }, data: { contactId: survivorId } });
      continue;
    }
    // Opted out anywhere means opted out; otherwise the more recent decision stands.
    const keep =
      mine.status === "opted_out" && theirs.status !== "opted_out"
        ? mine
        : theirs.status === "opted_out" && mine.status !== "opted_out"
          ? theirs
          : mine.changedAt >= theirs.changedAt
            ? mine
            : theirs;
    if (keep.id === theirs.id) {
      await tx.contactOptIn.update({
        where: { id: mine.id },
        data: { status: theirs.status, source: theirs.source, keyword: theirs.keyword, acknowledged: theirs.acknowledged, changedAt: theirs.changedAt },
      });
    }
    await tx.contactOptIn.delete({ where: { id: theirs.id } });
  }
}

export async function mergeContacts(actor: TInboxActor, input: { survivorId: string; mergedId: string }, ctx: TAuditCtx): Promise<TMergeResult> {
  const tenantId = actor.tenant.id;
  const out = await withTenant(tenantId, async (tx) => {
    const rows = await lockContacts(tx, tenantId, [input.survivorId, input.mergedId]);
    const survivor = rows.get(input.survivorId);
    const merged = rows.get(input.mergedId);
    if (!survivor || !merged) throw new ActionError("not_found", "One of these contacts no longer exists.");
    if (survivor.mergedIntoId) throw new ActionError("conflict", "The contact you are keeping was itself merged into another one.");
    if (merged.mergedIntoId) throw new ActionError("conflict", "That contact was already merged.");

    const identities = await tx.contactIdentity.updateMany({ where: { tenantId, contactId: merged.id }, data: { contactId: survivor.id } });
    const conversations = await tx.conversation.findMany({ where: { tenantId, contactId: merged.id }, select: { id: true } });
    await tx.conversation.updateMany({ where: { tenantId, contactId: merged.id }, data: { contactId: survivor.id } });
    if (conversations.length) {
      await tx.message.updateMany({
        where: { tenantId, conversationId: { in: conversations.map((c) => c.id) }, authorType: "contact", authorId: merged.id },
        data: { authorId: survivor.id },
      });
    }
    await mergeOptIns(tx, tenantId, survivor.id, merged.id);
    // Earlier merges into the duplicate now point at the survivor: links never chain.
    await tx.contact.updateMany({ where: { tenantId, mergedIntoId: merged.id }, data: { mergedIntoId: survivor.id } });

    const attributes = { ...attributesOf(merged.attributes), ...attributesOf(survivor.attributes) };
    await tx.contact.update({
      where: { id: survivor.id },
      data: {
        name: survivor.name ?? merged.name,
        email: survivor.email ?? merged.email,
        phone: survivor.phone ?? merged.phone,
        locale: survivor.locale ?? merged.locale,
        attributes,
        restricted: survivor.restricted || merged.restricted,
        noProfiling: survivor.noProfiling || merged.noProfiling,
      },
    });
    await tx.contact.update({ where: { id: merged.id }, data: { mergedIntoId: survivor.id } });
    await auditInbox(tx, actor, ctx, "contact.merged", { type: "contact", id: survivor.id }, {
      mergedId: merged.id,
      identities: identities.count,
      conversations: conversations.length,
    });
    return { survivorId: survivor.id, movedConversations: conversations.length, movedIdentities: identities.count, conversationIds: conversations.map((c) => c.id) };
  });
  await publishAll(tenantId, out.conversationIds.slice(0, 50).map(conversationUpdated));
  return { survivorId: out.survivorId, movedConversations: out.movedConversations, movedIdentities: out.movedIdentities };
}
