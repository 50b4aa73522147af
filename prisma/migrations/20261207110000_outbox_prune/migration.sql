-- Sent outbox rows are pruned after a week, and only sent rows are indexed by
-- "sentAt".
--
-- Why: nothing ever deleted an OutboxEvent, so the table (and its indexes)
-- grew by one row per message, status and opt change forever; and the
-- ("tenantId", "sentAt") index, which no query used, cost an index entry on
-- every insert on the webhook accept path (sentAt is NULL there). Pending rows
-- are found through OutboxEvent_pending_createdAt_idx (WHERE "sentAt" IS NULL);
-- this partial index finds the sent ones for pruning, across tenants.
-- A week keeps what support needs to see that an event left (and its eventId,
-- which Inngest also deduplicates on for 24 hours); the message, status or opt
-- change it announced stays where it is.
DROP INDEX "OutboxEvent_tenantId_sentAt_idx";
CREATE INDEX "OutboxEvent_sent_sentAt_idx" ON "OutboxEvent" ("sentAt") WHERE "sentAt" IS NOT NULL;

-- Cross-tenant maintenance for the relay cron, as sotto_definer: deletes at
-- most p_limit rows sent before p_before and says how many it deleted.
GRANT DELETE ON "OutboxEvent" TO sotto_definer;
-- Row-level security applies to the definer too: it may delete sent rows of any
-- tenant, and nothing else. The restrictive twin matters because permissive
-- policies add up: tenant_isolation would otherwise let it delete the pending
-- rows of whatever tenant the session's context names.
CREATE POLICY definer_prune ON "OutboxEvent" FOR DELETE TO sotto_definer USING ("sentAt" IS NOT NULL);
CREATE POLICY definer_prune_sent_only ON "OutboxEvent" AS RESTRICTIVE FOR DELETE TO sotto_definer USING ("sentAt" IS NOT NULL);
CREATE OR REPLACE FUNCTION sotto_outbox_prune(p_before timestamp(3), p_limit integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
BEGIN
  DELETE FROM "OutboxEvent" o
  WHERE o.ctid = ANY (ARRAY(
    SELECT x.ctid FROM "OutboxEvent" x
    WHERE x."sentAt" IS NOT NULL AND x."sentAt" < p_before
    ORDER BY x."sentAt"
    LIMIT least(greatest(p_limit, 1), 10000)
  ));
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;
ALTER FUNCTION sotto_outbox_prune(timestamp(3), integer) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_outbox_prune(timestamp(3), integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_outbox_prune(timestamp(3), integer) TO sotto_app;
