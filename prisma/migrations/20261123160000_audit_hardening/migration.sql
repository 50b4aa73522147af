-- Deleting a tenant would cascade through its audit trail, so the app role may
-- not delete tenants at all (workspace deletion is an operator procedure that
-- exports the trail first).
REVOKE DELETE ON "Tenant" FROM sotto_app;

-- The event id is part of the hashed content, so renumbering an event is
-- detected like any other edit. STABLE, not IMMUTABLE: to_char depends on settings.
CREATE OR REPLACE FUNCTION sotto_audit_hash(e "AuditEvent") RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(e."prevHash" || jsonb_build_array(
    e.id, e."tenantId", e.seq::text, e."actorUserId", e."actorEmail", e.action, e."targetType",
    e."targetId", e.metadata, e."requestId", e."ipPrefix",
    to_char(e."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )::text, 'UTF8')), 'hex')
$$;
