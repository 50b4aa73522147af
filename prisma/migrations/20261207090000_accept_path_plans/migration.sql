-- The accept path's plans: the retention policy's helper functions become
-- PL/pgSQL, and the "deletedAt" indexes become partial (below).
--
-- Why: the restrictive hide_soft_deleted policies on "Message" and
-- "Conversation" call sotto_retention_floor() (and, for rows below the
-- watermark, sotto_held_conversations()) in every statement that reads those
-- tables. PostgreSQL 15 cannot inline a SQL function that has a SET clause, and
-- it parses, rewrites and plans a non-inlined SQL function's body again on every
-- call; under RLS that was 0.3-0.5 ms per statement. The webhook accept path
-- (sotto_ingest_message) reads those tables four to five times, so half of its
-- database CPU went to re-planning a one-row lookup. PL/pgSQL keeps the plan for
-- the session. Same queries, same results, same rights.
--
-- Names are schema-qualified so the invoker function needs no SET search_path
-- (which would also cost a GUC save/restore on every call).
CREATE OR REPLACE FUNCTION sotto_retention_floor()
RETURNS timestamp
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    SELECT coalesce(max(r."softBefore"), '-infinity'::timestamp)
    FROM public."PurgeRun" r
    WHERE r."tenantId" = current_setting('app.tenant_id', true) AND r."softBefore" IS NOT NULL
  );
END $$;
ALTER FUNCTION sotto_retention_floor() RESET ALL;

CREATE OR REPLACE FUNCTION sotto_held_conversations()
RETURNS text[]
LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(x.id), '{}') FROM (
      SELECT h."conversationId" AS id FROM "LegalHold" h
      WHERE h."tenantId" = current_setting('app.tenant_id', true) AND h."releasedAt" IS NULL AND h."conversationId" IS NOT NULL
      UNION ALL
      SELECT c.id FROM "LegalHold" h
      JOIN "Conversation" c ON c."tenantId" = h."tenantId" AND c."contactId" = h."contactId"
      WHERE h."tenantId" = current_setting('app.tenant_id', true) AND h."releasedAt" IS NULL AND h."contactId" IS NOT NULL
    ) x
  );
END $$;

-- The "deletedAt" indexes hold only rows that are actually soft-deleted.
--
-- Why: every row is written with "deletedAt" NULL, and the restrictive
-- hide_soft_deleted policies add "deletedAt" IS NULL to every read. A full
-- ("tenantId", "deletedAt") index therefore matched two conditions of every
-- query on these tables, and a plan made while statistics were missing (a new
-- database, or before autovacuum's first ANALYZE) could pick it over the unique
-- key: the accept path's duplicate check then read every live message of the
-- tenant (bench:webhooks: 250 buffers per lookup, growing with the table). The
-- index exists for the rows retention marked one by one ("deletedAt" set, see
-- lib/retention/purge.ts), which is exactly what the partial index keeps; it
-- also stops costing an index entry on every insert and every non-HOT update.
-- Prisma sees the same name and columns (it does not model predicates).
DROP INDEX "Message_tenantId_deletedAt_idx";
CREATE INDEX "Message_tenantId_deletedAt_idx" ON "Message" ("tenantId", "deletedAt") WHERE "deletedAt" IS NOT NULL;
DROP INDEX "Conversation_tenantId_deletedAt_idx";
CREATE INDEX "Conversation_tenantId_deletedAt_idx" ON "Conversation" ("tenantId", "deletedAt") WHERE "deletedAt" IS NOT NULL;
DROP INDEX "WebhookEvent_tenantId_deletedAt_idx";
CREATE INDEX "WebhookEvent_tenantId_deletedAt_idx" ON "WebhookEvent" ("tenantId", "deletedAt") WHERE "deletedAt" IS NOT NULL;
DROP INDEX "DeliveryLog_tenantId_deletedAt_idx";
CREATE INDEX "DeliveryLog_tenantId_deletedAt_idx" ON "DeliveryLog" ("tenantId", "deletedAt") WHERE "deletedAt" IS NOT NULL;
