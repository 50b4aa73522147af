import { Prisma } from "@/lib/db/generated/client";
import { defineStore, activeHolds, holdBasis } from "../registry";
import { col, iso, jsonObject, jsonRows } from "../json-rows";

const v = (name: string) => col("v", name);

export const conversationsStore = defineStore({
  name: "conversations",
  label: "Conversations",
  category: "conversation-logs",
  exportSql: (_q, s) =>
    jsonRows(
      {
        id: v("id"), contactId: v("contactId"), channelId: v("channelId"), status: v("status"), priority: v("priority"), subject: v("subject"),
        lastActivityAt: iso(v("lastActivityAt")), resolvedAt: iso(v("resolvedAt")), createdAt: iso(v("createdAt")),
        updatedAt: iso(v("updatedAt")), deletedAt: iso(v("deletedAt")),
        channel: Prisma.sql`CASE WHEN ch.id IS NOT NULL THEN ${jsonObject({ type: col("ch", "type"), name: col("ch", "name") })} END`,
      },
      // LEFT JOIN: a conversation whose channel row cannot be read is still exported.
      Prisma.sql`FROM "Conversation" v LEFT JOIN "Channel" ch ON ch.id = v."channelId"
        WHERE v."tenantId" = ${s.tenantId} AND v."contactId" = ANY(${s.contactIds}::text[])`,
      [v("createdAt"), v("id")],
    ),
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
