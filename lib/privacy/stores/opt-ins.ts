import { Prisma } from "@/lib/db/generated/client";
import { defineStore, activeHolds, holdBasis } from "../registry";
import { col, iso, jsonRows } from "../json-rows";

const o = (name: string) => col("o", name);

/** Opt-in / opt-out per channel, with the keyword or form that set it. */
export const optInsStore = defineStore({
  name: "opt-ins",
  label: "Messaging opt-ins and opt-outs",
  category: "conversation-logs",
  exportSql: (_q, s) =>
    jsonRows(
      { id: o("id"), contactId: o("contactId"), channelType: o("channelType"), status: o("status"), source: o("source"), keyword: o("keyword"), changedAt: iso(o("changedAt")) },
      Prisma.sql`FROM "ContactOptIn" o WHERE o."tenantId" = ${s.tenantId} AND o."contactId" = ANY(${s.contactIds}::text[])`,
      [o("changedAt"), o("id")],
    ),
  async eraser(tx, s) {
    const holds = await activeHolds(tx, s);
    const kept = s.contactIds.filter((id) => holds.contactIds.has(id));
    const retained = kept.length ? await tx.contactOptIn.findMany({ where: { tenantId: s.tenantId, contactId: { in: kept } }, select: { id: true, contactId: true } }) : [];
    const { count } = await tx.contactOptIn.deleteMany({ where: { tenantId: s.tenantId, contactId: { in: s.contactIds.filter((id) => !holds.contactIds.has(id)) } } });
    return {
      deleted: count,
      anonymised: 0,
      retained: retained.length,
      retainedItems: retained.map((r) => ({ store: "opt-ins", ref: r.id, basis: holdBasis(holds.reasons.get(r.contactId)) })),
    };
  },
});
