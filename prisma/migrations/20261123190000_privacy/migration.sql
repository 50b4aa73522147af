-- CreateEnum
CREATE TYPE "PrivacyRequestType" AS ENUM ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection', 'consent_withdrawal');

-- CreateEnum
CREATE TYPE "PrivacyRequestStatus" AS ENUM ('unverified', 'pending', 'processing', 'completed', 'refused');

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "DeliveryLog" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "type" "PrivacyRequestType" NOT NULL,
    "status" "PrivacyRequestStatus" NOT NULL DEFAULT 'unverified',
    "handleHash" TEXT NOT NULL,
    "identityKind" "IdentityKind" NOT NULL,
    "identityValue" TEXT NOT NULL,
    "contactIds" TEXT[],
    "userId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "codeHash" TEXT,
    "codeExpiresAt" TIMESTAMP(3),
    "codeAttempts" INTEGER NOT NULL DEFAULT 0,
    "codeSentAt" TIMESTAMP(3),
    "verifiedAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "extendedAt" TIMESTAMP(3),
    "extensionReason" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedById" TEXT,
    "refusalReason" TEXT,
    "completedAt" TIMESTAMP(3),
    "progress" JSONB NOT NULL DEFAULT '{}',
    "report" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrivacyExportPart" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "exportId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrivacyExportPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrivacyExport" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'subject',
    "status" TEXT NOT NULL DEFAULT 'building',
    "ciphertext" TEXT,
    "sha256" TEXT,
    "byteSize" INTEGER,
    "rowCounts" JSONB NOT NULL DEFAULT '{}',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "downloadedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PrivacyExport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionSetting" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalHold" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "contactId" TEXT,
    "conversationId" TEXT,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),
    "releasedById" TEXT,

    CONSTRAINT "LegalHold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurgeRun" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,

    CONSTRAINT "PurgeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubprocessorNotice" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',
    "baseline" BOOLEAN NOT NULL DEFAULT false,
    "emailedAt" TIMESTAMP(3),
    "dismissedAt" TIMESTAMP(3),
    "dismissedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubprocessorNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyRequest_handleHash_key" ON "PrivacyRequest"("handleHash");

-- CreateIndex
CREATE INDEX "PrivacyRequest_tenantId_status_dueAt_idx" ON "PrivacyRequest"("tenantId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_tenantId_receivedAt_idx" ON "PrivacyRequest"("tenantId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PrivacyExportPart_tenantId_exportId_store_key" ON "PrivacyExportPart"("tenantId", "exportId", "store");

-- CreateIndex
CREATE INDEX "PrivacyExport_tenantId_requestId_idx" ON "PrivacyExport"("tenantId", "requestId");

-- CreateIndex
CREATE UNIQUE INDEX "RetentionSetting_tenantId_category_key" ON "RetentionSetting"("tenantId", "category");

-- CreateIndex
CREATE INDEX "LegalHold_tenantId_releasedAt_idx" ON "LegalHold"("tenantId", "releasedAt");

-- CreateIndex
CREATE INDEX "LegalHold_tenantId_contactId_idx" ON "LegalHold"("tenantId", "contactId");

-- CreateIndex
CREATE INDEX "LegalHold_tenantId_conversationId_idx" ON "LegalHold"("tenantId", "conversationId");

-- CreateIndex
CREATE INDEX "PurgeRun_tenantId_startedAt_idx" ON "PurgeRun"("tenantId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SubprocessorNotice_tenantId_version_key" ON "SubprocessorNotice"("tenantId", "version");

-- CreateIndex
CREATE INDEX "Conversation_tenantId_lastActivityAt_idx" ON "Conversation"("tenantId", "lastActivityAt");

-- CreateIndex
CREATE INDEX "Conversation_tenantId_deletedAt_idx" ON "Conversation"("tenantId", "deletedAt");

-- CreateIndex
CREATE INDEX "DeliveryLog_tenantId_createdAt_idx" ON "DeliveryLog"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryLog_tenantId_deletedAt_idx" ON "DeliveryLog"("tenantId", "deletedAt");

-- CreateIndex
CREATE INDEX "Message_tenantId_createdAt_idx" ON "Message"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_tenantId_deletedAt_idx" ON "Message"("tenantId", "deletedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_tenantId_deletedAt_idx" ON "WebhookEvent"("tenantId", "deletedAt");

-- AddForeignKey
ALTER TABLE "PrivacyExport" ADD CONSTRAINT "PrivacyExport_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "PrivacyRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ===========================================================================
-- Privacy: rights and retention (hand-written).
-- ===========================================================================
SELECT sotto_enable_tenant_rls(t::regclass) FROM unnest(ARRAY[
  '"PrivacyRequest"', '"PrivacyExportPart"', '"PrivacyExport"', '"RetentionSetting"', '"LegalHold"',
  '"PurgeRun"', '"SubprocessorNotice"'
]) AS t;

GRANT SELECT, INSERT, UPDATE, DELETE ON
  "PrivacyRequest", "PrivacyExportPart", "PrivacyExport", "RetentionSetting", "SubprocessorNotice"
  TO sotto_app;
-- Holds are released, never deleted; purge reports are append-and-finish only.
GRANT SELECT, INSERT, UPDATE ON "LegalHold", "PurgeRun" TO sotto_app;

-- Soft-deleted rows (retention) are hidden from the application everywhere: a
-- restrictive policy ANDs with tenant isolation, so every inbox query respects
-- "deletedAt" without naming it. Retention and data-subject fulfilment, which
-- must still see (and finally delete, or export) those rows, set the
-- transaction-local flag app.include_deleted = 'on'.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Message', 'Conversation', 'WebhookEvent', 'DeliveryLog'] LOOP
    EXECUTE format('DROP POLICY IF EXISTS hide_soft_deleted ON %I', t);
    EXECUTE format(
      'CREATE POLICY hide_soft_deleted ON %I AS RESTRICTIVE FOR SELECT TO sotto_app '
      'USING ("deletedAt" IS NULL OR (SELECT current_setting(''app.include_deleted'', true)) = ''on'')', t);
  END LOOP;
END $$;

-- Raw webhook events and delivery logs are evidence the app may only append:
-- the only ways they disappear are the retention purge and an erasure, through
-- these functions. Both act on the caller's tenant (app.tenant_id) only.
GRANT SELECT, UPDATE, DELETE ON "WebhookEvent", "DeliveryLog" TO sotto_definer;

-- p_mode 'soft': mark rows older than p_before (received/created) as deleted at p_now.
-- p_mode 'hard': delete rows soft-deleted before p_before.
-- At most p_limit rows per call, so a purge is a series of short statements.
CREATE OR REPLACE FUNCTION sotto_privacy_purge_logs(p_table text, p_mode text, p_before timestamp, p_now timestamp, p_limit integer)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant text := current_setting('app.tenant_id', true);
  v_limit integer := least(greatest(coalesce(p_limit, 1), 1), 50000);
  v_count integer;
BEGIN
  IF v_tenant IS NULL OR v_tenant = '' THEN
    RAISE EXCEPTION 'sotto_privacy_purge_logs: no tenant context';
  END IF;
  IF p_table = 'WebhookEvent' AND p_mode = 'soft' THEN
    UPDATE "WebhookEvent" SET "deletedAt" = p_now
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM "WebhookEvent" WHERE "tenantId" = v_tenant AND "deletedAt" IS NULL AND "receivedAt" < p_before LIMIT v_limit));
  ELSIF p_table = 'WebhookEvent' AND p_mode = 'hard' THEN
    DELETE FROM "WebhookEvent"
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM "WebhookEvent" WHERE "tenantId" = v_tenant AND "deletedAt" < p_before LIMIT v_limit));
  ELSIF p_table = 'DeliveryLog' AND p_mode = 'soft' THEN
    UPDATE "DeliveryLog" SET "deletedAt" = p_now
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM "DeliveryLog" WHERE "tenantId" = v_tenant AND "deletedAt" IS NULL AND "createdAt" < p_before LIMIT v_limit));
  ELSIF p_table = 'DeliveryLog' AND p_mode = 'hard' THEN
    DELETE FROM "DeliveryLog"
    WHERE ctid = ANY (ARRAY(SELECT ctid FROM "DeliveryLog" WHERE "tenantId" = v_tenant AND "deletedAt" < p_before LIMIT v_limit));
  ELSE
    RAISE EXCEPTION 'sotto_privacy_purge_logs: unknown table or mode';
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;

-- Erasure of named rows (a data subject's raw events and delivery lines).
CREATE OR REPLACE FUNCTION sotto_privacy_erase_logs(p_table text, p_ids text[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant text := current_setting('app.tenant_id', true);
  v_count integer;
BEGIN
  IF v_tenant IS NULL OR v_tenant = '' THEN
    RAISE EXCEPTION 'sotto_privacy_erase_logs: no tenant context';
  END IF;
  IF p_table = 'WebhookEvent' THEN
    DELETE FROM "WebhookEvent" WHERE "tenantId" = v_tenant AND id = ANY (p_ids);
  ELSIF p_table = 'DeliveryLog' THEN
    DELETE FROM "DeliveryLog" WHERE "tenantId" = v_tenant AND id = ANY (p_ids);
  ELSE
    RAISE EXCEPTION 'sotto_privacy_erase_logs: unknown table';
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END $$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'sotto_privacy_purge_logs(text, text, timestamp, timestamp, integer)',
    'sotto_privacy_erase_logs(text, text[])'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO sotto_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO sotto_app', f);
  END LOOP;
END $$;
