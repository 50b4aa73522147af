import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

const BASIS = "Proof of consent (GDPR Art. 7(1)): the append-only, hash-chained consent log is kept as the cookie policy states; records are referenced, not rewritten";

/**
 * Cookie-consent records (the consent manager's ConsentRecord). They are keyed
 * by a random browser id, so the only link to a person is a signed-in Sotto
 * account (`userId`, platform tenant): those are exported, and kept on erasure
 * because the chain is evidence and append-only.
 */
async function exportConsent(tx: TTx, s: TSubject) {
  if (!s.userId) return [];
  const rows = await tx.consentRecord.findMany({
    where: { tenantId: s.tenantId, userId: s.userId },
    select: { id: true, seq: true, consentId: true, method: true, selections: true, withdrawn: true, gpc: true, policyVersion: true, origin: true, country: true, createdAt: true },
    orderBy: { seq: "asc" },
  });
  return rows.map((r) => ({ ...r, seq: r.seq.toString() }));
}

export const consentRecordsStore = defineStore({
  name: "consent-records",
  label: "Cookie consent records",
  category: "cookie-identifiers",
  legalHold: { basis: BASIS },
  exporter: (tx, s) => exportConsent(tx, s),
  async eraser(tx, s) {
    const rows = await exportConsent(tx, s);
    return { deleted: 0, anonymised: 0, retained: rows.length, retainedItems: rows.map((r) => ({ store: "consent-records", ref: r.id, basis: BASIS })) };
  },
});
