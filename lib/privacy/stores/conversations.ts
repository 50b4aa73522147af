import { defineStore, activeHolds, holdBasis } from "../registry";

export const conversationsStore = defineStore({
  name: "conversations",
  label: "Conversations",
  category: "conversation-logs",
  async exporter(tx, s) {
    return tx.conversation.findMany({
      where: { tenantId: s.tenantId, contactId: { in: s.contactIds } },
      select: {
        id: true, contactId: true, channelId: true, status: true, priority: true, subject: true,
        lastActivityAt: true, resolvedAt: true, createdAt: true, updatedAt: true, deletedAt: true,
        channel: { select: { type: true, name: true } },
      },
      orderBy: { createdAt: "asc" },
    });
  },
  async eraser(tx, s) {
    const holds = await activeHolds(tx, s);
    const { count } = await tx.conversation.deleteMany({
      where: { tenantId: s.tenantId, contactId: { in: s.contactIds }, id: { notIn: [...holds.conversationIds] } },
    });
    const held = [...holds.conversationIds];
    return {
      deleted: count,
      anonymised: 0,
      retained: held.length,
      retainedItems: held.map((id) => ({ store: "conversations", ref: id, basis: holdBasis(holds.reasons.get(id)) })),
    };
  },
});
