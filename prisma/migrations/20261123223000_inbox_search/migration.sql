-- Inbox full-text search that can use the GIN index on "Message".search.
--
-- Under row-level security PostgreSQL evaluates a query's own conditions only
-- after the policy's, unless the operator is LEAKPROOF. The tsvector match
-- operator (ts_match_vq) is not, so behind tenant_isolation a search never uses
-- the GIN index and reads every message of the tenant. This function runs as
-- sotto_definer (whose definer_read policy is USING (true)), so the planner can
-- take the match to the index. It reads the caller's own app.tenant_id and
-- nothing else, so it sees exactly the tenant RLS would allow; soft-deleted
-- messages (hide_soft_deleted) and system activity lines are excluded.
-- Returns one row per conversation: its newest matching message.
GRANT SELECT ON "Message" TO sotto_definer;

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
  GROUP BY m."conversationId"
  ORDER BY max(m."createdAt") DESC
  LIMIT least(greatest(p_limit, 1), 2000)
$$;

ALTER FUNCTION sotto_search_messages(text, integer) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_search_messages(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_search_messages(text, integer) TO sotto_app;
