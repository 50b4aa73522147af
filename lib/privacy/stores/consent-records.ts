import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

const BASIS = "Proof of consent (GDPR Art. 7(1)): the append-only, hash-chained consent log is kept as the cookie policy states; records are referenced, not rewritten";

/** Consent ids of withdrawals the subject made through the privacy center (lib/privacy/fulfil.ts, applyFlags). */
async function withdrawalConsentIds(tx: TTx, s: TSubject): Promise<string[]> {
  if (!s.contactIds.length && !s.userId) return [];
  const requests = await tx.privacyRequest.findMany({
    where: {
      tenantId: s.tenantId,
      type: "consent_withdrawal",
      OR: [...(s.contactIds.length ? [{ contactIds: { hasSome: s.contactIds } }] : []), ...(s.userId ? [{ userId: s.userId }] : [])],
    },
    select: { progress: true },
  });
  return requests.flatMap((r) => {
    const consentId = (r.progress as { consent?: { consentId?: unknown } | null } | null)?.consent?.consentId;
    return typeof consentId === "string" ? [consentId] : [];
  });
}

/**
 * Cookie-consent records (the consent manager's ConsentRecord). They are keyed
 * by a random browser id, so the links to a person are a signed-in Sotto
 * account (`userId`, platform tenant) and the withdrawals the subject made
 * through the privacy center: those are exported, and kept on erasure because
 * the chain is evidence and append-only.
 */
async function exportConsent(tx: TTx, s: TSubject) {
  const consentIds = await withdrawalConsentIds(tx, s);
  if (!s.userId && !consentIds.length) return [];
  const rows = await tx.consentRecord.findMany({
    where: { tenantId: s.tenantId, OR: [...(s.userId ? [{ userId: s.userId }] : []), ...(consentIds.length ? [{ consentId: { in: consentIds } }] : [])] },
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
