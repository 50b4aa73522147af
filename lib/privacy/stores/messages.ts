import { Prisma } from "@/lib/db/generated/client";
import { defineStore, activeHolds, holdBasis, type TSubject } from "../registry";
import { col, iso, jsonRows } from "../json-rows";

/** The subject's conversations, as a subquery of ids. */
export const subjectConversationIds = (s: TSubject) =>
  Prisma.sql`SELECT c.id FROM "Conversation" c WHERE c."tenantId" = ${s.tenantId} AND c."contactId" = ANY(${s.contactIds}::text[])`;

const msg = (name: string) => col("m", name);

/** Every message in the subject's conversations: theirs, the replies to them and internal notes about them. */
export const messagesStore = defineStore({
  name: "messages",
  label: "Messages",
  category: "conversation-logs",
  exportSql: (_q, s) =>
    jsonRows(
      {
        id: msg("id"), conversationId: msg("conversationId"), direction: msg("direction"), authorType: msg("authorType"), kind: msg("kind"),
        text: msg("text"), html: msg("html"), payload: msg("payload"), isPrivate: msg("isPrivate"), status: msg("status"),
        sentAt: iso(msg("sentAt")), deliveredAt: iso(msg("deliveredAt")), readAt: iso(msg("readAt")), failedAt: iso(msg("failedAt")),
        createdAt: iso(msg("createdAt")), deletedAt: iso(msg("deletedAt")),
      },
      Prisma.sql`FROM "Message" m WHERE m."tenantId" = ${s.tenantId} AND m."conversationId" IN (${subjectConversationIds(s)})`,
      [msg("createdAt"), msg("id")],
    ),
  async eraser(tx, s) {
    const holds = await activeHolds(tx, s);
    const { count } = await tx.message.deleteMany({
      where: { tenantId: s.tenantId, conversation: { contactId: { in: s.contactIds } }, conversationId: { notIn: [...holds.conversationIds] } },
    });
    const retained = holds.conversationIds.size
      ? await tx.message.findMany({ where: { tenantId: s.tenantId, conversationId: { in: [...holds.conversationIds] } }, select: { id: true, conversationId: true } })
      : [];
    return {
      deleted: count,
      anonymised: 0,
      retained: retained.length,
      retainedItems: retained.map((m) => ({ store: "messages", ref: m.id, basis: holdBasis(holds.reasons.get(m.conversationId)) })),
    };
  },
});
