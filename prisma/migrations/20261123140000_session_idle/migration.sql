-- A workspace may shorten the dashboard idle timeout for its members. The
-- session check needs the strictest value across the user's workspaces, which
-- crosses tenants, so it is a narrow SECURITY DEFINER function.
CREATE OR REPLACE FUNCTION sotto_user_session_idle_minutes(p_user_id text) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT min((t.settings->>'sessionIdleMinutes')::int)
  FROM "Membership" m JOIN "Tenant" t ON t.id = m."tenantId"
  WHERE m."userId" = p_user_id AND jsonb_typeof(t.settings->'sessionIdleMinutes') = 'number'
$$;
ALTER FUNCTION sotto_user_session_idle_minutes(text) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_user_session_idle_minutes(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_user_session_idle_minutes(text) TO sotto_app;
