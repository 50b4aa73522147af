import "server-only";
import { withTenant } from "@/lib/db/client";
import { auditActionLabel } from "./actions";
import { csvPagedStream } from "./csv";
import { queryAuditEvents, type TAuditFilters } from "./query";

const BATCH = 1_000;
export const AUDIT_CSV_HEADER = ["seq", "time_utc", "action", "action_label", "actor_email", "actor_user_id", "target_type", "target_id", "ip_prefix", "request_id", "metadata"];

/**
 * The filtered audit log as a CSV stream. Each batch is its own short tenant
 * transaction; paging down by seq keeps the export stable while new events
 * arrive above the cursor.
 */
export function auditCsvStream(tenantId: string, filters: Omit<TAuditFilters, "cursor" | "pageSize">, batchSize = BATCH): ReadableStream<Uint8Array> {
  return csvPagedStream<string>(AUDIT_CSV_HEADER, async (cursor) => {
    const page = await withTenant(tenantId, (tx) => queryAuditEvents(tx, tenantId, { ...filters, cursor }, batchSize));
    return {
      rows: page.events.map((e) => [e.seq, e.createdAt, e.action, auditActionLabel(e.action), e.actorEmail, e.actorUserId, e.targetType, e.targetId, e.ipPrefix, e.requestId, e.metadata]),
      next: page.nextCursor ?? undefined,
    };
  });
}
