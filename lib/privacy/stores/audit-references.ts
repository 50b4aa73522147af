import { Prisma } from "@/lib/db/generated/client";
import { defineStore, txQuery, type TSubject } from "../registry";
import { col, isoTz, jsonRows, parseJsonRows, queryJsonRows } from "../json-rows";

const BASIS = "Security logs: the tamper-evident audit trail is kept for 12 months (GDPR Art. 32 and 17(3)(e)); events are referenced here, not copied";

const a = (name: string) => col("a", name);

/** Audit events whose target is one of the subject's contacts or one of their requests (any status). */
const auditReferencesSql = (s: TSubject) =>
  jsonRows(
    { id: a("id"), seq: Prisma.sql`${a("seq")}::text`, action: a("action"), targetType: a("targetType"), targetId: a("targetId"), createdAt: isoTz(a("createdAt")) },
    Prisma.sql`FROM "AuditEvent" a WHERE a."tenantId" = ${s.tenantId} AND (a."targetId" = ANY(${s.contactIds}::text[]) OR a."targetId" IN (
      SELECT r.id FROM "PrivacyRequest" r WHERE r."tenantId" = ${s.tenantId} AND r."contactIds" && ${s.contactIds}::text[]))`,
    [a("seq")],
  );

/**
 * Audit events that name the subject's contacts or requests. The trail is
 * append-only and hash-chained, so erasure never touches it: the export lists
 * references (id, action, time) and the report counts them as retained.
 */
export const auditReferencesStore = defineStore({
  name: "audit-references",
  label: "Audit trail references",
  category: "security-logs",
  legalHold: { basis: BASIS },
  exportSql: (_q, s) => auditReferencesSql(s),
  async eraser(tx, s) {
    const rows = parseJsonRows(await queryJsonRows(txQuery(tx), auditReferencesSql(s)));
    return { deleted: 0, anonymised: 0, retained: rows.length, retainedItems: rows.map((r) => ({ store: "audit-references", ref: String(r.id), basis: BASIS })) };
  },
});
