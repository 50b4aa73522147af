-- Retention hides expired conversation logs with a per-tenant watermark instead
-- of writing "deletedAt" on every expired row.
--
-- Why: soft deletion wrote each expired message again (a non-HOT update through
-- every index of "Message", plus the search vector), which made the nightly purge
-- cost two full writes per message (bench:privacy: 4,700 rows/s for the soft pass
-- against 16,000 rows/s for the physical one). Now a purge run records how far
-- retention reached ("PurgeRun"."softBefore"); the restrictive policy below hides
-- every message created, and every conversation last active, before the highest
-- watermark, unless a legal hold covers it. Hiding a tenant's expired logs is one
-- row written, and takes effect for every query at once.
--
-- The watermark only moves forward (lengthening a period later does not bring
-- expired rows back), and physical deletion uses the watermark that was in force
-- HARD_DELETE_AFTER_DAYS earlier (lib/retention/purge.ts), so every row stays
-- hidden for the grace period before it is deleted for good. "deletedAt" keeps
-- its meaning for rows soft-deleted before this change.

-- AlterTable
ALTER TABLE "PurgeRun" ADD COLUMN "softBefore" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "PurgeRun_tenantId_softBefore_idx" ON "PurgeRun"("tenantId", "softBefore");

-- The caller's watermark ('-infinity' before the first purge). Invoker rights:
-- "PurgeRun" is tenant-isolated, so it can only ever read the caller's tenant.
CREATE OR REPLACE FUNCTION sotto_retention_floor()
RETURNS timestamp
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
  SELECT coalesce(max(r."softBefore"), '-infinity'::timestamp)
  FROM "PurgeRun" r
  WHERE r."tenantId" = current_setting('app.tenant_id', true) AND r."softBefore" IS NOT NULL
$$;
REVOKE ALL ON FUNCTION sotto_retention_floor() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_retention_floor() TO sotto_app, sotto_definer;

-- Conversations of the caller's tenant under an active legal hold (on the
-- conversation or on its contact). Definer rights because the Conversation
-- policy itself calls it: as the invoker, reading "Conversation" here would
-- apply that policy again (infinite recursion). sotto_definer is not subject to
-- hide_soft_deleted, and the function reads app.tenant_id and nothing else.
GRANT SELECT ON "LegalHold", "PurgeRun" TO sotto_definer;

CREATE OR REPLACE FUNCTION sotto_held_conversations()
RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce(array_agg(x.id), '{}') FROM (
    SELECT h."conversationId" AS id FROM "LegalHold" h
    WHERE h."tenantId" = current_setting('app.tenant_id', true) AND h."releasedAt" IS NULL AND h."conversationId" IS NOT NULL
    UNION ALL
    SELECT c.id FROM "LegalHold" h
    JOIN "Conversation" c ON c."tenantId" = h."tenantId" AND c."contactId" = h."contactId"
    WHERE h."tenantId" = current_setting('app.tenant_id', true) AND h."releasedAt" IS NULL AND h."contactId" IS NOT NULL
  ) x
$$;
ALTER FUNCTION sotto_held_conversations() OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_held_conversations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_held_conversations() TO sotto_app;

-- The include-deleted flag (retention and DSR fulfilment) comes first: it is a
-- constant for the statement, so the rest is not evaluated for those jobs. The
-- held list is an InitPlan evaluated only when an expired row is met.
DROP POLICY IF EXISTS hide_soft_deleted ON "Message";
CREATE POLICY hide_soft_deleted ON "Message" AS RESTRICTIVE FOR SELECT TO sotto_app USING (
  (SELECT current_setting('app.include_deleted', true)) = 'on'
  OR ("deletedAt" IS NULL
      AND ("createdAt" >= (SELECT sotto_retention_floor())
           OR "conversationId" = ANY ((SELECT sotto_held_conversations())::text[]))));

DROP POLICY IF EXISTS hide_soft_deleted ON "Conversation";
CREATE POLICY hide_soft_deleted ON "Conversation" AS RESTRICTIVE FOR SELECT TO sotto_app USING (
  (SELECT current_setting('app.include_deleted', true)) = 'on'
  OR ("deletedAt" IS NULL
      AND ("lastActivityAt" >= (SELECT sotto_retention_floor())
           OR id = ANY ((SELECT sotto_held_conversations())::text[]))));

-- Search runs as sotto_definer (see 20261123223000_inbox_search), outside the
-- policy above, so it applies the same rule itself. Expired messages keep their
-- search vector until they are physically deleted; they can no longer match.
CREATE OR REPLACE FUNCTION sotto_search_messages(p_query text, p_limit integer)
RETURNS TABLE (conversation_id text, message_id text, matched_at timestamp)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m."conversationId",
         (array_agg(m.id ORDER BY m."createdAt" DESC, m.id DESC))[1],
         max(m."createdAt")
  FROM "Message" m
  WHERE m."tenantId" = current_setting('app.tenant_id', true)
    AND m.search @@ websearch_to_tsquery('simple', p_query)
    AND m."authorType" <> 'system'
    AND m."deletedAt" IS NULL
    AND (m."createdAt" >= (SELECT sotto_retention_floor())
         OR m."conversationId" = ANY ((SELECT sotto_held_conversations())::text[]))
  GROUP BY m."conversationId"
  ORDER BY max(m."createdAt") DESC
  LIMIT least(greatest(p_limit, 1), 2000)
$$;

-- The outside-hours sweep (cross-tenant, as sotto_definer) leaves expired
-- conversations alone as well.
CREATE OR REPLACE FUNCTION sotto_outside_hours_pending(p_limit integer)
RETURNS TABLE (tenant_id text, conversation_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c."tenantId", c.id FROM "Conversation" c
  WHERE c.status = 'pending' AND c."assigneeId" IS NULL AND c."deletedAt" IS NULL
    AND c."lastActivityAt" >= coalesce((SELECT max(r."softBefore") FROM "PurgeRun" r WHERE r."tenantId" = c."tenantId"), '-infinity'::timestamp)
    AND (SELECT m.payload->'activity'->>'type' FROM "Message" m
         WHERE m."tenantId" = c."tenantId" AND m."conversationId" = c.id AND m."authorType" = 'system'
           AND m.payload ? 'activity'
         ORDER BY m."createdAt" DESC LIMIT 1) = 'outside_hours'
  ORDER BY c."lastActivityAt"
  LIMIT greatest(1, least(p_limit, 5000))
$$;

-- An attachment is hidden with its message: a signed download link still in
-- someone's hands, or any query of the app, finds nothing once the message is
-- hidden (the EXISTS reads "Message" under its own policies). Uploads not yet
-- sent (no message) stay visible to their tenant.
DROP POLICY IF EXISTS hide_soft_deleted ON "Attachment";
CREATE POLICY hide_soft_deleted ON "Attachment" AS RESTRICTIVE FOR SELECT TO sotto_app USING (
  (SELECT current_setting('app.include_deleted', true)) = 'on'
  OR "messageId" IS NULL
  OR EXISTS (SELECT 1 FROM "Message" m WHERE m.id = "Attachment"."messageId"));
