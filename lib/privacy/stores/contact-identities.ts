import { Prisma } from "@/lib/db/generated/client";
import { defineStore, activeHolds, holdBasis } from "../registry";
import { col, iso, jsonRows } from "../json-rows";

const i = (name: string) => col("i", name);

/** Phone numbers, emails and channel ids the subject is known by. */
export const contactIdentitiesStore = defineStore({
  name: "contact-identities",
  label: "Identities (email, phone, channel ids)",
  category: "conversation-logs",
  exportSql: (_q, s) =>
    jsonRows(
      { id: i("id"), contactId: i("contactId"), kind: i("kind"), value: i("value"), channelId: i("channelId"), createdAt: iso(i("createdAt")) },
      Prisma.sql`FROM "ContactIdentity" i WHERE i."tenantId" = ${s.tenantId} AND i."contactId" = ANY(${s.contactIds}::text[])`,
      [i("createdAt"), i("id")],
    ),
  async eraser(tx, s) {
    const holds = await activeHolds(tx, s);
    const held = s.contactIds.filter((id) => holds.contactIds.has(id));
    const retained = held.length
      ? await tx.contactIdentity.findMany({ where: { tenantId: s.tenantId, contactId: { in: held } }, select: { id: true, contactId: true } })
      : [];
    const { count } = await tx.contactIdentity.deleteMany({
      where: { tenantId: s.tenantId, contactId: { in: s.contactIds.filter((id) => !holds.contactIds.has(id)) } },
    });
    return {
      deleted: count,
      anonymised: 0,
      retained: retained.length,
      retainedItems: retained.map((r) => ({ store: "contact-identities", ref: r.id, basis: holdBasis(holds.reasons.get(r.contactId)) })),
    };
  },
});
