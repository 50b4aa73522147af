import { Prisma } from "@/lib/db/generated/client";
import { HIGHLIGHT_END, HIGHLIGHT_START } from "./highlight";

/**
 * Full-text search over message text. The query is always a bound parameter
 * given to websearch_to_tsquery (quotes, OR and -exclusions work; nothing the
 * user types can break the statement). The explicit tenant predicate sits
 * beside RLS so the planner combines the GIN index on "search" with the
 * tenant's rows instead of filtering after the fact. System activity lines
 * ("Resolved by …") are not searchable.
 */
export const HEADLINE_OPTIONS = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/** `hits`: one row per conversation with a matching message (the newest match). */
export function searchHitsCte(tenantId: string, q: string): Prisma.Sql {
  return Prisma.sql`
    search_q AS (SELECT websearch_to_tsquery('simple', ${q}::text) AS query),
    hits AS (
      SELECT DISTINCT ON (m."conversationId") m."conversationId" AS conversation_id, m.id AS message_id, m.text AS message_text
      FROM "Message" m, search_q
      WHERE m."tenantId" = ${tenantId} AND m.search @@ search_q.query AND m."authorType" <> 'system'
      ORDER BY m."conversationId", m."createdAt" DESC
    )`;
}

/** The headline expression over the hit's text; the markers are stripped from the text first so they only ever mean "match". */
export function headlineSql(): Prisma.Sql {
  return Prisma.sql`ts_headline('simple', replace(replace(coalesce(hits.message_text, ''), ${HIGHLIGHT_START}::text, ''), ${HIGHLIGHT_END}::text, ''), search_q.query, ${HEADLINE_OPTIONS}::text)`;
}
