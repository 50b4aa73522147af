import "server-only";
import { csvPagedStream } from "@/lib/audit/csv";
import { withTenant } from "@/lib/db/client";
import { queryConsentLog, type TConsentLogFilters } from "./query";

export const CONSENT_CSV_HEADER = [
  "chain_position", "time_utc", "receipt_id", "consent_id", "method", "functional", "analytics", "advertising", "withdrawn", "gpc",
  "policy_version", "fingerprint", "locale", "origin", "country", "browser", "signed_in_user_id", "hash",
];

/** The filtered consent log as CSV, streamed in batches (formula injection guarded by csvCell). */
export function consentCsvStream(tenantId: string, filters: Omit<TConsentLogFilters, "before">, batchSize = 1_000): ReadableStream<Uint8Array> {
  return csvPagedStream<bigint>(CONSENT_CSV_HEADER, async (before) => {
    const page = await withTenant(tenantId, (tx) => queryConsentLog(tx, tenantId, { ...filters, before }, batchSize));
    return {
      rows: page.rows.map((r) => [
        r.seq, r.createdAt, r.id, r.consentId, r.method, r.selections.functional === true, r.selections.analytics === true, r.selections.advertising === true,
        r.withdrawn.join(" "), r.gpc, r.policyVersion, r.fingerprint, r.locale, r.origin, r.country, r.uaFamily, r.userId, r.hash,
      ]),
      next: page.nextBefore ?? undefined,
    };
  });
}
