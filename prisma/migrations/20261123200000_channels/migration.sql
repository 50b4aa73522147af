-- Channel connection and the email channel. No table changes: two narrow
-- cross-tenant functions (see docs/ARCHITECTURE.md, Tenancy).

-- Jobs that work per channel (the IMAP poller) list the live channels of one
-- type across tenants. Returns ids only; the job reads each channel under its
-- tenant's RLS context. Sandbox channels have no live credentials: not listed.
CREATE OR REPLACE FUNCTION sotto_active_channels(p_type "ChannelType")
RETURNS TABLE (tenant_id text, channel_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT "tenantId", id FROM "Channel"
  WHERE type = p_type AND status = 'active' AND NOT sandbox
  ORDER BY "tenantId", id
$$;

-- A disconnected channel keeps its routing key so that late webhooks for it are
-- refused as "disconnected" and logged for its tenant. When any workspace
-- connects the same key again (a number or page moved workspaces), the old
-- disconnected row lets go of it: its externalId gets a suffix. Only
-- disconnected rows are touched; an active channel is never taken over.
CREATE OR REPLACE FUNCTION sotto_release_channel_key(p_type "ChannelType", p_external_id text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE n integer;
BEGIN
  UPDATE "Channel" SET "externalId" = left("externalId", 200) || '~released~' || id, "updatedAt" = now() AT TIME ZONE 'UTC'
  WHERE type = p_type AND "externalId" = p_external_id AND status = 'disconnected';
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n > 0;
END $$;

-- The definer may rename the routing key of disconnected channels, nothing else.
GRANT UPDATE ("externalId", "updatedAt") ON "Channel" TO sotto_definer;
DROP POLICY IF EXISTS definer_release ON "Channel";
CREATE POLICY definer_release ON "Channel" FOR UPDATE TO sotto_definer
  USING (status = 'disconnected') WITH CHECK (status = 'disconnected');

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['sotto_active_channels("ChannelType")', 'sotto_release_channel_key("ChannelType", text)'] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO sotto_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO sotto_app', f);
  END LOOP;
END $$;
