-- Data-subject requests find a person's raw webhook payloads by exact, indexed
-- keys instead of a LIKE scan over every payload of the tenant: each row
-- carries the identity-like values its payload names, set from the payload at
-- insert by a trigger (so the ingest functions and their one-statement accept
-- path stay as they are), and a GIN index answers `"subjectKeys" && $keys`.

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "subjectKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- ---------------------------------------------------------------------------
-- The keys of a payload: every string leaf without whitespace (provider ids,
-- wa_id, psid, addresses, E.164 numbers), lower-cased; addresses found inside
-- longer strings ("Name <a@b.c>", message text); phone numbers with a channel
-- prefix stripped ("whatsapp:+39…", "tel:") and in both forms, with and
-- without "+", since WhatsApp's wa_id omits it. Capped, so a pathological
-- payload cannot grow the row or the index without bound. The application
-- side of the match is lib/privacy/stores/webhook-events.ts (subjectKeysOf).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sotto_webhook_subject_keys(p jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
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
$$;
GRANT EXECUTE ON FUNCTION sotto_webhook_subject_keys(jsonb) TO sotto_app, sotto_definer;

CREATE OR REPLACE FUNCTION sotto_webhook_event_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."subjectKeys" := sotto_webhook_subject_keys(NEW.payload);
  RETURN NEW;
END $$;

CREATE TRIGGER webhook_event_subject_keys BEFORE INSERT OR UPDATE OF payload ON "WebhookEvent"
  FOR EACH ROW EXECUTE FUNCTION sotto_webhook_event_keys();

-- Rows stored before this migration.
UPDATE "WebhookEvent" SET "subjectKeys" = sotto_webhook_subject_keys(payload);

-- CreateIndex
CREATE INDEX "WebhookEvent_subjectKeys_idx" ON "WebhookEvent" USING GIN ("subjectKeys");

-- ---------------------------------------------------------------------------
-- The lookup itself. Array overlap (&&) is not leakproof, so under the
-- application's row-level security PostgreSQL may not use the GIN index for it
-- and reads every row of the tenant instead. This definer function runs the
-- indexed match for the tenant of the current context only and returns ids;
-- the application then reads those rows by primary key under RLS.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sotto_privacy_webhook_event_ids(p_keys text[])
RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant text := current_setting('app.tenant_id', true);
BEGIN
  IF v_tenant IS NULL OR v_tenant = '' THEN
    RAISE EXCEPTION 'sotto_privacy_webhook_event_ids: no tenant context';
  END IF;
  RETURN QUERY SELECT e.id FROM "WebhookEvent" e WHERE e."subjectKeys" && p_keys AND e."tenantId" = v_tenant;
END $$;
ALTER FUNCTION sotto_privacy_webhook_event_ids(text[]) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_privacy_webhook_event_ids(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_privacy_webhook_event_ids(text[]) TO sotto_app;
