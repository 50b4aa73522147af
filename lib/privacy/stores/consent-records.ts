import { Prisma } from "@/lib/db/generated/client";
import { defineStore, txQuery, type TSubject } from "../registry";
import { col, isoTz, jsonRows, parseJsonRows, queryJsonRows } from "../json-rows";

const BASIS = "Proof of consent (GDPR Art. 7(1)): the append-only, hash-chained consent log is kept as the cookie policy states; records are referenced, not rewritten";

const r = (name: string) => col("r", name);

/**
 * Cookie-consent records (the consent manager's ConsentRecord). They are keyed
 * by a random browser id, so the links to a person are a signed-in Sotto
 * account (`userId`, platform tenant) and the withdrawals the subject made
 * through the privacy center (their consent id is on the request's progress,
 * lib/privacy/fulfil.ts, applyFlags): those are exported, and kept on erasure
 * because the chain is evidence and append-only.
 */
function consentSql(s: TSubject) {
  const withdrawals = Prisma.sql`SELECT p.progress->'consent'->>'consentId' FROM "PrivacyRequest" p
    WHERE p."tenantId" = ${s.tenantId} AND p.type = 'consent_withdrawal' AND (p."contactIds" && ${s.contactIds}::text[] OR p."userId" = ${s.userId})
      AND jsonb_typeof(p.progress->'consent'->'consentId') = 'string'`;
  return jsonRows(
    {
      id: r("id"), seq: Prisma.sql`${r("seq")}::text`, consentId: r("consentId"), method: r("method"), selections: r("selections"), withdrawn: r("withdrawn"),
      gpc: r("gpc"), policyVersion: r("policyVersion"), origin: r("origin"), country: r("country"), createdAt: isoTz(r("createdAt")),
    },
    Prisma.sql`FROM "ConsentRecord" r WHERE r."tenantId" = ${s.tenantId} AND (r."userId" = ${s.userId} OR r."consentId" IN (${withdrawals}))`,
    [r("seq")],
  );
}

export const consentRecordsStore = defineStore({
  name: "consent-records",
  label: "Cookie consent records",
  category: "cookie-identifiers",
  legalHold: { basis: BASIS },
  exportSql: (_q, s) => consentSql(s),
  async eraser(tx, s) {
    const rows = parseJsonRows(await queryJsonRows(txQuery(tx), consentSql(s)));
    return { deleted: 0, anonymised: 0, retained: rows.length, retainedItems: rows.map((x) => ({ store: "consent-records", ref: String(x.id), basis: BASIS })) };
  },
});
