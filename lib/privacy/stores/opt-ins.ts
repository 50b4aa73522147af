import { defineStore, activeHolds, holdBasis } from "../registry";

/** Opt-in / opt-out per channel, with the keyword or form that set it. */
export const optInsStore = defineStore({
  name: "opt-ins",
  label: "Messaging opt-ins and opt-outs",
  category: "conversation-logs",
  async exporter(tx, s) {
    return tx.contactOptIn.findMany({
      where: { tenantId: s.tenantId, contactId: { in: s.contactIds } },
      select: { id: true, contactId: true, channelType: true, status: true, source: true, keyword: true, changedAt: true },
      orderBy: { changedAt: "asc" },
    });
  },
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
