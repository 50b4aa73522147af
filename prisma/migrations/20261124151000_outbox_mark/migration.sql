-- The outbox relay marks a batch sent (or failed) in one statement per tenant
-- instead of an interactive transaction (BEGIN, tenant context, UPDATE,
-- COMMIT): it runs after every burst of webhooks, beside the accept path.
-- SECURITY INVOKER: it runs as sotto_app under row-level security, with the
-- tenant context set for its own transaction only, like sotto_ingest_message.
CREATE OR REPLACE FUNCTION sotto_outbox_mark(p_tenant_id text, p_ids text[], p_at timestamp(3), p_error text)
RETURNS integer
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  v_count integer;
BEGIN
  IF p_tenant_id IS NULL OR p_tenant_id = '' THEN
    RAISE EXCEPTION 'sotto_outbox_mark: tenant is required';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant_id, true);
  IF p_error IS NULL THEN
    UPDATE "OutboxEvent" SET "sentAt" = p_at
    WHERE "tenantId" = p_tenant_id AND id = ANY (p_ids) AND "sentAt" IS NULL;
  ELSE
    UPDATE "OutboxEvent" SET attempts = attempts + 1, "lastError" = left(p_error, 1000)
    WHERE "tenantId" = p_tenant_id AND id = ANY (p_ids) AND "sentAt" IS NULL;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;
REVOKE ALL ON FUNCTION sotto_outbox_mark(text, text[], timestamp(3), text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_outbox_mark(text, text[], timestamp(3), text) TO sotto_app;
