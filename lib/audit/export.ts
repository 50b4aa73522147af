import "server-only";
import { withTenant } from "@/lib/db/client";
import { auditActionLabel } from "./actions";
import { csvRow } from "./csv";
import { queryAuditEvents, type TAuditFilters } from "./query";

const BATCH = 1_000;
export const AUDIT_CSV_HEADER = ["seq", "time_utc", "action", "action_label", "actor_email", "actor_user_id", "target_type", "target_id", "ip_prefix", "request_id", "metadata"];

/**
 * The filtered audit log as a CSV stream, pulled in batches so a long history
 * never sits in memory. Each batch is its own short tenant transaction; paging
 * down by seq keeps the export stable while new events arrive above the cursor.
 */
export function auditCsvStream(tenantId: string, filters: Omit<TAuditFilters, "cursor" | "pageSize">, batchSize = BATCH): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // BOM: spreadsheet apps otherwise guess a legacy encoding for non-ASCII text.
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(AUDIT_CSV_HEADER)}`));
        return;
      }
      if (done) return controller.close();
      try {
        const page = await withTenant(tenantId, (tx) => queryAuditEvents(tx, tenantId, { ...filters, cursor }, batchSize));
        const chunk = page.events
          .map((e) =>
            csvRow([e.seq, e.createdAt, e.action, auditActionLabel(e.action), e.actorEmail, e.actorUserId, e.targetType, e.targetId, e.ipPrefix, e.requestId, e.metadata]),
          )
          .join("");
        if (chunk) controller.enqueue(encoder.encode(chunk));
        cursor = page.nextCursor ?? undefined;
        if (!cursor) done = true;
      } catch (err) {
        controller.error(err);
      }
    },
  });
}
