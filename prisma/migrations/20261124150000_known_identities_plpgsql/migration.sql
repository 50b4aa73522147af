-- sotto_known_identities, same contract as in 20261123231500_ingest_tuning, in
-- PL/pgSQL. A SECURITY DEFINER SQL function is never inlined, and PostgreSQL
-- plans a non-inlined SQL function's query again on every call; PL/pgSQL keeps
-- the plan for the session. On the webhook accept path that planning was the
-- most expensive step of sotto_ingest_message (measured with auto_explain:
-- ~0.6 ms of a ~2 ms call).
CREATE OR REPLACE FUNCTION sotto_known_identities(p_tenant_id text, p_identities jsonb)
RETURNS TABLE (ord bigint, contact_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF p_tenant_id IS DISTINCT FROM current_setting('app.tenant_id', true) THEN
    RETURN;
  END IF;
  -- One index probe per identity (a correlated lookup, whatever the row estimates).
  RETURN QUERY
  SELECT k.ord, k.contact_id FROM (
    SELECT i.ord, (SELECT ci."contactId" FROM "ContactIdentity" ci
                   WHERE ci."tenantId" = p_tenant_id AND ci.kind = (i.item->>'kind')::"IdentityKind" AND ci.value = i.item->>'value') AS contact_id
    FROM jsonb_array_elements(p_identities) WITH ORDINALITY AS i(item, ord)
  ) k WHERE k.contact_id IS NOT NULL;
END $$;
ALTER FUNCTION sotto_known_identities(text, jsonb) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_known_identities(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_known_identities(text, jsonb) TO sotto_app;


-- sotto_webhook_subject_keys (20261124113000_webhook_subject_keys), same
-- result, in PL/pgSQL for the same reason: it runs in the insert trigger of
-- every stored webhook event, and as a SQL function its query was planned
-- again on each insert.
CREATE OR REPLACE FUNCTION sotto_webhook_subject_keys(p jsonb) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    SELECT coalesce(array_agg(DISTINCT k), ARRAY[]::text[])
      FROM (
        SELECT k
        FROM (
          SELECT lower(v #>> '{}') AS s
          FROM jsonb_path_query(coalesce(p, 'null'::jsonb), 'strict $.**') AS v
          WHERE jsonb_typeof(v) = 'string'
          LIMIT 2000
        ) leaves
        CROSS JOIN LATERAL (
          SELECT regexp_replace(leaves.s, '^(whatsapp|sms|tel|mms):', '') AS d
        ) n
        CROSS JOIN LATERAL (
          SELECT leaves.s AS k WHERE length(leaves.s) BETWEEN 4 AND 320 AND leaves.s !~ '\s'
          UNION ALL
          SELECT m[1] FROM regexp_matches(leaves.s, '([a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+)', 'g') AS m
          WHERE position('@' IN leaves.s) > 0 AND length(m[1]) <= 320
          UNION ALL
          SELECT '+' || ltrim(n.d, '+') WHERE n.d ~ '^\+?[0-9]{7,15}$'
          UNION ALL
          SELECT ltrim(n.d, '+') WHERE n.d ~ '^\+?[0-9]{7,15}$'
        ) keys
        LIMIT 512
      ) t
  );
END $$;
GRANT EXECUTE ON FUNCTION sotto_webhook_subject_keys(jsonb) TO sotto_app, sotto_definer;
