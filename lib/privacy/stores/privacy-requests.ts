import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

const BASIS = "GDPR Art. 5(2) and 17(3)(b): the record of a data-subject request and how it was answered is kept to demonstrate compliance";

async function exportRequests(tx: TTx, s: TSubject) {
  return tx.privacyRequest.findMany({
    where: { tenantId: s.tenantId, contactIds: { hasSome: s.contactIds.length ? s.contactIds : ["-"] }, status: { not: "unverified" } },
    select: {
      id: true, type: true, status: true, identityKind: true, receivedAt: true, verifiedAt: true, dueAt: true, extendedAt: true,
      extensionReason: true, decidedAt: true, refusalReason: true, completedAt: true,
    },
    orderBy: { receivedAt: "asc" },
  });
}

/** The subject's own requests: kept after erasure as proof the request was answered. */
export const privacyRequestsStore = defineStore({
  name: "privacy-requests",
  label: "Your privacy requests",
  category: "security-logs",
  legalHold: { basis: BASIS },
  exporter: (tx, s) => exportRequests(tx, s),
  async eraser(tx, s) {
    const rows = await exportRequests(tx, s);
    return { deleted: 0, anonymised: 0, retained: rows.length, retainedItems: rows.map((r) => ({ store: "privacy-requests", ref: String(r.id), basis: BASIS })) };
  },
});
