-- CreateEnum
CREATE TYPE "ConsentMethod" AS ENUM ('accept_all', 'reject_all', 'customize', 'dismiss', 'gpc', 'withdraw');

-- CreateEnum
CREATE TYPE "ConsentDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "ConsentConfig" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "allowedOrigins" TEXT[],
    "policyVersion" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentPolicyVersion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "policy" JSONB NOT NULL,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentPolicyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentVendorWebhook" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "vendorId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentVendorWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "consentId" TEXT NOT NULL,
    "policyVersion" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "method" "ConsentMethod" NOT NULL,
    "selections" JSONB NOT NULL,
    "withdrawn" TEXT[],
    "gpc" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "uaFamily" TEXT NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsentHead" (
    "tenantId" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "ConsentHead_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "ConsentWebhookDelivery" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "vendorId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "categories" TEXT[],
    "status" "ConsentDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentWebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsentConfig_tenantId_key" ON "ConsentConfig"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentConfig_publicKey_key" ON "ConsentConfig"("publicKey");

-- CreateIndex
CREATE INDEX "ConsentPolicyVersion_tenantId_fingerprint_idx" ON "ConsentPolicyVersion"("tenantId", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentPolicyVersion_tenantId_version_key" ON "ConsentPolicyVersion"("tenantId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentVendorWebhook_tenantId_vendorId_key" ON "ConsentVendorWebhook"("tenantId", "vendorId");

-- CreateIndex
CREATE INDEX "ConsentRecord_tenantId_consentId_seq_idx" ON "ConsentRecord"("tenantId", "consentId", "seq");

-- CreateIndex
CREATE INDEX "ConsentRecord_tenantId_createdAt_idx" ON "ConsentRecord"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsentRecord_tenantId_userId_seq_idx" ON "ConsentRecord"("tenantId", "userId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRecord_tenantId_seq_key" ON "ConsentRecord"("tenantId", "seq");

-- CreateIndex
CREATE INDEX "ConsentWebhookDelivery_tenantId_createdAt_idx" ON "ConsentWebhookDelivery"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "ConsentWebhookDelivery_tenantId_status_idx" ON "ConsentWebhookDelivery"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentWebhookDelivery_tenantId_recordId_vendorId_key" ON "ConsentWebhookDelivery"("tenantId", "recordId", "vendorId");

-- ===========================================================================
-- Consent manager: tenant isolation, privileges, the consent chain and the
-- cross-tenant key lookup (hand-written; see docs/CONSENT.md).
-- ===========================================================================

SELECT sotto_enable_tenant_rls(t::regclass) FROM unnest(ARRAY[
  '"ConsentConfig"', '"ConsentPolicyVersion"', '"ConsentVendorWebhook"',
  '"ConsentRecord"', '"ConsentHead"', '"ConsentWebhookDelivery"'
]) AS t;

-- The chain trigger keeps the head; it runs as sotto_definer and may write it.
CREATE POLICY definer_write ON "ConsentHead" FOR ALL TO sotto_definer
  USING ("tenantId" = (SELECT current_setting('app.tenant_id', true)))
  WITH CHECK ("tenantId" = (SELECT current_setting('app.tenant_id', true)));

GRANT SELECT, INSERT, UPDATE ON "ConsentConfig" TO sotto_app;
GRANT SELECT, INSERT ON "ConsentPolicyVersion" TO sotto_app;        -- published versions are history
GRANT SELECT, INSERT, UPDATE, DELETE ON "ConsentVendorWebhook" TO sotto_app;
GRANT SELECT, INSERT ON "ConsentRecord" TO sotto_app;               -- append-only proof
GRANT SELECT ON "ConsentHead" TO sotto_app;                         -- written only by the chain trigger
GRANT SELECT, INSERT, UPDATE ON "ConsentWebhookDelivery" TO sotto_app;
GRANT SELECT ON "ConsentConfig", "ConsentRecord" TO sotto_definer;
GRANT SELECT, INSERT, UPDATE ON "ConsentHead" TO sotto_definer;

-- ---------------------------------------------------------------------------
-- Consent chain: hash = sha256(prevHash || canonical JSON of the row), the
-- same construction as the audit chain. The one definition, used by the
-- trigger and by the verifier (lib/consent/verify.ts).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sotto_consent_hash(r "ConsentRecord") RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(r."prevHash" || jsonb_build_array(
    r.id, r."tenantId", r.seq::text, r."consentId", r."policyVersion", r.fingerprint, r.method::text,
    r.selections, to_jsonb(coalesce(r.withdrawn, ARRAY[]::text[])), r.gpc, r.locale, r.origin, r.country,
    r."uaFamily", r."userId",
    to_char(r."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  )::text, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION sotto_consent_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  -- Serialise appends per tenant so two concurrent records cannot share a predecessor.
  PERFORM pg_advisory_xact_lock(hashtextextended('sotto.consent.' || NEW."tenantId", 0));
  SELECT seq, hash INTO head_seq, head_hash FROM "ConsentHead" WHERE "tenantId" = NEW."tenantId";
  IF head_seq IS NULL THEN
    NEW.seq := 1;
    NEW."prevHash" := repeat('0', 64);
  ELSE
    NEW.seq := head_seq + 1;
    NEW."prevHash" := head_hash;
  END IF;
  NEW.withdrawn := coalesce(NEW.withdrawn, ARRAY[]::text[]);
  NEW."createdAt" := date_trunc('milliseconds', clock_timestamp());
  NEW.hash := sotto_consent_hash(NEW);
  INSERT INTO "ConsentHead" ("tenantId", seq, hash) VALUES (NEW."tenantId", NEW.seq, NEW.hash)
    ON CONFLICT ("tenantId") DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
  RETURN NEW;
END $$;
ALTER FUNCTION sotto_consent_chain() OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_consent_chain() FROM PUBLIC;

CREATE TRIGGER consent_chain BEFORE INSERT ON "ConsentRecord"
  FOR EACH ROW EXECUTE FUNCTION sotto_consent_chain();

GRANT EXECUTE ON FUNCTION sotto_consent_hash("ConsentRecord") TO sotto_app;

-- ---------------------------------------------------------------------------
-- consent.js and the records endpoint name a config by its public key only.
-- Returns what those public endpoints need (the published policy is public).
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION sotto_consent_config_by_key(p_key text)
RETURNS TABLE (tenant_id text, tenant_slug text, config_id text, allowed_origins text[],
               policy_version integer, fingerprint text, policy jsonb, published_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c."tenantId", t.slug, c.id, c."allowedOrigins", c."policyVersion", c.fingerprint, c.policy, c."publishedAt"
  FROM "ConsentConfig" c JOIN "Tenant" t ON t.id = c."tenantId"
  WHERE c."publicKey" = p_key
$$;
ALTER FUNCTION sotto_consent_config_by_key(text) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_consent_config_by_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_consent_config_by_key(text) TO sotto_app;
