import { Prisma } from "@/lib/db/generated/client";
import { defineStore, activeHolds, holdBasis, type TRetainedItem } from "../registry";
import { col, iso, jsonRows } from "../json-rows";

const ct = (name: string) => col("c", name);

/**
 * Contact profiles. A held contact is kept whole; a contact whose conversation
 * is held is kept as an empty shell (name, email, phone, attributes cleared)
 * because the held conversation must keep its owner row.
 */
export const contactsStore = defineStore({
  name: "contacts",
  label: "Contact profile",
  category: "conversation-logs",
  exportSql: (_q, s) =>
    jsonRows(
      {
        id: ct("id"), name: ct("name"), email: ct("email"), phone: ct("phone"), locale: ct("locale"), attributes: ct("attributes"), mergedIntoId: ct("mergedIntoId"),
        restricted: ct("restricted"), noProfiling: ct("noProfiling"), lastSeenAt: iso(ct("lastSeenAt")), createdAt: iso(ct("createdAt")), updatedAt: iso(ct("updatedAt")),
      },
      Prisma.sql`FROM "Contact" c WHERE c."tenantId" = ${s.tenantId} AND c.id = ANY(${s.contactIds}::text[])`,
      [ct("createdAt"), ct("id")],
    ),
  async eraser(tx, s) {
    const holds = await activeHolds(tx, s);
    const retainedItems: TRetainedItem[] = [];
    const contacts = await tx.contact.findMany({ where: { tenantId: s.tenantId, id: { in: s.contactIds } }, select: { id: true } });
    const heldConversationsOf = await tx.conversation.findMany({
      where: { tenantId: s.tenantId, contactId: { in: contacts.map((c) => c.id) }, id: { in: [...holds.conversationIds] } },
      select: { contactId: true },
    });
    const shells = new Set(heldConversationsOf.map((c) => c.contactId));
    const toDelete: string[] = [];
    const toAnonymise: string[] = [];
    for (const c of contacts) {
      if (holds.contactIds.has(c.id)) retainedItems.push({ store: "contacts", ref: c.id, basis: holdBasis(holds.reasons.get(c.id)) });
      else if (shells.has(c.id)) toAnonymise.push(c.id);
      else toDelete.push(c.id);
    }
    if (toAnonymise.length) {
      await tx.contact.updateMany({
        where: { tenantId: s.tenantId, id: { in: toAnonymise } },
        data: { name: null, email: null, phone: null, locale: null, attributes: {}, lastSeenAt: null },
      });
    }
    // Contacts merged into this one point at it; they are part of the subject and go first.
    const deleted = toDelete.length ? (await tx.contact.deleteMany({ where: { tenantId: s.tenantId, id: { in: toDelete } } })).count : 0;
    return { deleted, anonymised: toAnonymise.length, retained: retainedItems.length, retainedItems };
  },
});
