import { defineStore, activeHolds, holdBasis } from "../registry";

/** Every message in the subject's conversations: theirs, the replies to them and internal notes about them. */
export const messagesStore = defineStore({
  name: "messages",
  label: "Messages",
  category: "conversation-logs",
  async exporter(tx, s) {
    return tx.message.findMany({
      where: { tenantId: s.tenantId, conversation: { contactId: { in: s.contactIds } } },
      select: {
        id: true, conversationId: true, direction: true, authorType: true, kind: true, text: true, html: true, payload: true,
        isPrivate: true, status: true, sentAt: true, deliveredAt: true, readAt: true, failedAt: true, createdAt: true, deletedAt: true,
      },
      orderBy: { createdAt: "asc" },
    });
  },
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
