import { Prisma } from "@/lib/db/generated/client";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "./highlight";

/**
 * Full-text search over message text. The query is always a bound parameter
 * given to websearch_to_tsquery (quotes, OR and -exclusions work; nothing the
 * user types can break the statement).
 *
 * Matching goes through `sotto_search_messages` (migration
 * 20261123223000_inbox_search): behind RLS PostgreSQL never uses the GIN index
 * for `@@` (the operator is not LEAKPROOF), so the function does the indexed
 * match for the transaction's own tenant (app.tenant_id) and nothing else. The
 * conversations and message text are then read under RLS as usual, with an
 * explicit tenant predicate beside it.
 */
export const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/** At most this many matching conversations are listed for one search (newest matches first). */
export const MAX_SEARCH_HITS = 2000;

/** The tsquery, inline so it is a constant (used for the headline). */
const tsquery = (q: string) => Prisma.sql`websearch_to_tsquery('simple', ${q}::text)`;

/** `hits`: one row per conversation with a matching message (the newest match) and that message's text. */
export function searchHitsCte(tenantId: string, q: string): Prisma.Sql {
  return Prisma.sql`
    hits AS (
      SELECT s.conversation_id, s.message_id, hm.text AS message_text
      FROM sotto_search_messages(${q}::text, ${MAX_SEARCH_HITS}::int) s
      JOIN "Message" hm ON hm.id = s.message_id AND hm."tenantId" = ${tenantId}
    )`;
}

/** The headline expression over the hit's text; the markers are stripped from the text first so they only ever mean "match". */
export function headlineSql(q: string): Prisma.Sql {
  return Prisma.sql`ts_headline('simple', replace(replace(coalesce(hits.message_text, ''), ${HIGHLIGHT_START}::text, ''), ${HIGHLIGHT_END}::text, ''), ${tsquery(q)}, ${HEADLINE_OPTIONS}::text)`;
}
