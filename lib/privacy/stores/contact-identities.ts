import { defineStore, activeHolds, holdBasis } from "../registry";

/** Phone numbers, emails and channel ids the subject is known by. */
export const contactIdentitiesStore = defineStore({
  name: "contact-identities",
  label: "Identities (email, phone, channel ids)",
  category: "conversation-logs",
  async exporter(tx, s) {
    return tx.contactIdentity.findMany({
      where: { tenantId: s.tenantId, contactId: { in: s.contactIds } },
      select: { id: true, contactId: true, kind: true, value: true, channelId: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
  },
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
