import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

const BASIS = "Security logs: the tamper-evident audit trail is kept for 12 months (GDPR Art. 32 and 17(3)(e)); events are referenced here, not copied";

async function exportAuditReferences(tx: TTx, s: TSubject) {
  const requests = await tx.privacyRequest.findMany({
    where: { tenantId: s.tenantId, contactIds: { hasSome: s.contactIds.length ? s.contactIds : ["-"] } },
    select: { id: true },
  });
  const targets = [...s.contactIds, ...requests.map((r) => r.id)];
  if (!targets.length) return [];
  const rows = await tx.auditEvent.findMany({
    where: { tenantId: s.tenantId, targetId: { in: targets } },
    select: { id: true, seq: true, action: true, targetType: true, targetId: true, createdAt: true },
    orderBy: { seq: "asc" },
  });
  return rows.map((r) => ({ ...r, seq: r.seq.toString() }));
}

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
  exporter: (tx, s) => exportAuditReferences(tx, s),
  async eraser(tx, s) {
    const rows = await exportAuditReferences(tx, s);
    return { deleted: 0, anonymised: 0, retained: rows.length, retainedItems: rows.map((r) => ({ store: "audit-references", ref: String(r.id), basis: BASIS })) };
  },
});
