-- CreateEnum
CREATE TYPE "Role" AS ENUM ('owner', 'admin', 'agent', 'analyst');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "emailVerified" TIMESTAMP(3),
    "image" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activeTenantId" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationToken_pkey" PRIMARY KEY ("identifier","token")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "actorUserId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,
    "ipPrefix" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditHead" (
    "tenantId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "SecurityEvent" (
    "id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "email" TEXT,
    "ipPrefix" TEXT,
    "requestId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecurityEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TenantSecret" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TenantSecret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevEmail" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_tenantId_role_idx" ON "Membership"("tenantId", "role");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_tenantId_userId_key" ON "Membership"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_tenantId_email_idx" ON "Invitation"("tenantId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_createdAt_idx" ON "AuditEvent"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_action_idx" ON "AuditEvent"("tenantId", "action");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_tenantId_seq_key" ON "AuditEvent"("tenantId", "seq");

-- CreateIndex
CREATE INDEX "SecurityEvent_createdAt_idx" ON "SecurityEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TenantSecret_tenantId_name_key" ON "TenantSecret"("tenantId", "name");

-- CreateIndex
CREATE INDEX "DevEmail_to_createdAt_idx" ON "DevEmail"("to", "createdAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TenantSecret" ADD CONSTRAINT "TenantSecret_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ===========================================================================
-- Security model (hand-written; see docs/ARCHITECTURE.md#tenancy)
--   sotto_app     : the application's login role. Owns nothing, no BYPASSRLS.
--   sotto_definer : NOLOGIN owner of the few SECURITY DEFINER functions that
--                   must look across tenants (sign-in, webhook routing, jobs).
-- Policies compare "tenantId" with the transaction-local setting app.tenant_id;
-- no setting means no rows.
-- ===========================================================================

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sotto_app') THEN
    CREATE ROLE sotto_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sotto_definer') THEN
    CREATE ROLE sotto_definer NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO sotto_app', current_database());
END $$;

GRANT USAGE ON SCHEMA public TO sotto_app, sotto_definer;

-- Applies the standard tenant policy to a table. Called by every later migration
-- that adds a tenant-owned table; the isolation suite catches a forgotten call.
CREATE OR REPLACE FUNCTION sotto_enable_tenant_rls(tbl regclass, col text DEFAULT 'tenantId')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (%I = (SELECT current_setting(''app.tenant_id'', true))) '
    'WITH CHECK (%I = (SELECT current_setting(''app.tenant_id'', true)))', tbl, col, col);
  -- The definer role reads across tenants only inside its audited functions.
  EXECUTE format('DROP POLICY IF EXISTS definer_read ON %s', tbl);
  EXECUTE format('CREATE POLICY definer_read ON %s FOR SELECT TO sotto_definer USING (true)', tbl);
END $$;
REVOKE ALL ON FUNCTION sotto_enable_tenant_rls(regclass, text) FROM PUBLIC;

SELECT sotto_enable_tenant_rls('"Tenant"', 'id');
SELECT sotto_enable_tenant_rls('"Membership"');
SELECT sotto_enable_tenant_rls('"Invitation"');
SELECT sotto_enable_tenant_rls('"AuditEvent"');
SELECT sotto_enable_tenant_rls('"AuditHead"');
SELECT sotto_enable_tenant_rls('"TenantSecret"');

-- The trigger keeps the chain head; it runs as sotto_definer and may write it.
CREATE POLICY definer_write ON "AuditHead" FOR ALL TO sotto_definer
  USING ("tenantId" = (SELECT current_setting('app.tenant_id', true)))
  WITH CHECK ("tenantId" = (SELECT current_setting('app.tenant_id', true)));

-- Users are not tenant-owned: a user row is visible to that user and to the
-- tenants they belong to (Membership is itself filtered by tenant).
ALTER TABLE "User" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "User" FORCE ROW LEVEL SECURITY;
CREATE POLICY user_visibility ON "User"
  USING (
    id = (SELECT current_setting('app.user_id', true))
    OR EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = "User".id)
  )
  WITH CHECK (id = (SELECT current_setting('app.user_id', true)));
CREATE POLICY definer_read ON "User" FOR SELECT TO sotto_definer USING (true);

-- Privileges: only what the application needs.
GRANT SELECT, INSERT, UPDATE, DELETE ON "Tenant", "Membership", "Invitation", "TenantSecret", "Session" TO sotto_app;
GRANT SELECT, INSERT, UPDATE ON "User" TO sotto_app;
GRANT SELECT, INSERT, DELETE ON "VerificationToken", "DevEmail" TO sotto_app;
GRANT SELECT, INSERT ON "AuditEvent" TO sotto_app;   -- append-only
GRANT SELECT ON "AuditHead" TO sotto_app;            -- written only by the chain trigger
GRANT INSERT ON "SecurityEvent" TO sotto_app;        -- write-only for the app
GRANT SELECT ON "Tenant", "Membership", "User", "Invitation" TO sotto_definer;
GRANT SELECT, INSERT, UPDATE ON "AuditHead" TO sotto_definer;
GRANT SELECT ON "AuditEvent" TO sotto_definer;

-- ---------------------------------------------------------------------------
-- Audit chain: hash = sha256(prevHash || canonical JSON of the row).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sotto_audit_hash(e "AuditEvent") RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(e."prevHash" || jsonb_build_array(
    e."tenantId", e.seq::text, e."actorUserId", e."actorEmail", e.action, e."targetType",
    e."targetId", e.metadata, e."requestId", e."ipPrefix",
    to_char(e."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )::text, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION sotto_audit_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  -- Serialise appends per tenant so two concurrent events cannot share a predecessor.
  PERFORM pg_advisory_xact_lock(hashtextextended('sotto.audit.' || NEW."tenantId", 0));
  SELECT seq, hash INTO head_seq, head_hash FROM "AuditHead" WHERE "tenantId" = NEW."tenantId";
  IF head_seq IS NULL THEN
    NEW.seq := 1;
    NEW."prevHash" := repeat('0', 64);
  ELSE
    NEW.seq := head_seq + 1;
    NEW."prevHash" := head_hash;
  END IF;
  NEW."createdAt" := date_trunc('milliseconds', clock_timestamp());
  NEW.hash := sotto_audit_hash(NEW);
  INSERT INTO "AuditHead" ("tenantId", seq, hash) VALUES (NEW."tenantId", NEW.seq, NEW.hash)
    ON CONFLICT ("tenantId") DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
  RETURN NEW;
END $$;
ALTER FUNCTION sotto_audit_chain() OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_audit_chain() FROM PUBLIC;

CREATE TRIGGER audit_chain BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION sotto_audit_chain();

-- ---------------------------------------------------------------------------
-- Narrow cross-tenant lookups. Each returns only what its caller needs.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sotto_user_id_by_email(p_email text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM "User" WHERE email = lower(p_email)
$$;

CREATE OR REPLACE FUNCTION sotto_user_memberships(p_user_id text)
RETURNS TABLE (tenant_id text, tenant_name text, tenant_slug text, role "Role")
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.id, t.name, t.slug, m.role
  FROM "Membership" m JOIN "Tenant" t ON t.id = m."tenantId"
  WHERE m."userId" = p_user_id
  ORDER BY t.name
$$;

CREATE OR REPLACE FUNCTION sotto_tenant_ids() RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id FROM "Tenant" ORDER BY id
$$;

CREATE OR REPLACE FUNCTION sotto_tenant_by_slug(p_slug text)
RETURNS TABLE (id text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id, name FROM "Tenant" WHERE slug = p_slug
$$;

CREATE OR REPLACE FUNCTION sotto_invitation_by_token_hash(p_hash text)
RETURNS TABLE (id text, tenant_id text, tenant_name text, email text, role "Role",
               expires_at timestamp, accepted_at timestamp, revoked_at timestamp)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT i.id, i."tenantId", t.name, i.email, i.role, i."expiresAt", i."acceptedAt", i."revokedAt"
  FROM "Invitation" i JOIN "Tenant" t ON t.id = i."tenantId"
  WHERE i."tokenHash" = p_hash
$$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'sotto_user_id_by_email(text)', 'sotto_user_memberships(text)', 'sotto_tenant_ids()',
    'sotto_tenant_by_slug(text)', 'sotto_invitation_by_token_hash(text)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO sotto_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO sotto_app', f);
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION sotto_audit_hash("AuditEvent") TO sotto_app;
