import { Prisma } from "@/lib/db/generated/client";
import { defineStore, txQuery, type TSubject } from "../registry";
import { col, iso, jsonRows, parseJsonRows, queryJsonRows } from "../json-rows";

const BASIS = "GDPR Art. 5(2) and 17(3)(b): the record of a data-subject request and how it was answered is kept to demonstrate compliance";

const r = (name: string) => col("r", name);

/** The subject's verified requests (an unverified one may not be theirs). */
const requestsSql = (s: TSubject) =>
  jsonRows(
    {
      id: r("id"), type: r("type"), status: r("status"), identityKind: r("identityKind"), receivedAt: iso(r("receivedAt")), verifiedAt: iso(r("verifiedAt")),
      dueAt: iso(r("dueAt")), extendedAt: iso(r("extendedAt")), extensionReason: r("extensionReason"), decidedAt: iso(r("decidedAt")),
      refusalReason: r("refusalReason"), completedAt: iso(r("completedAt")),
    },
    Prisma.sql`FROM "PrivacyRequest" r WHERE r."tenantId" = ${s.tenantId} AND r."contactIds" && ${s.contactIds}::text[] AND r.status <> 'unverified'`,
    [r("receivedAt"), r("id")],
  );

/** The subject's own requests: kept after erasure as proof the request was answered. */
export const privacyRequestsStore = defineStore({
  name: "privacy-requests",
  label: "Your privacy requests",
  category: "security-logs",
  legalHold: { basis: BASIS },
  exportSql: (_q, s) => requestsSql(s),
  async eraser(tx, s) {
    const rows = parseJsonRows(await queryJsonRows(txQuery(tx), requestsSql(s)));
    return { deleted: 0, anonymised: 0, retained: rows.length, retainedItems: rows.map((r) => ({ store: "privacy-requests", ref: String(r.id), basis: BASIS })) };
  },
});
