-- CreateTable
CREATE TABLE "InboxMention" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "InboxMention_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InboxMention_tenantId_userId_createdAt_idx" ON "InboxMention"("tenantId", "userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboxMention_tenantId_messageId_userId_key" ON "InboxMention"("tenantId", "messageId", "userId");

-- ===========================================================================
-- Hand-written: @mentions in private notes become in-app notifications for
-- the mentioned agent (written by the send-reply service, read and marked
-- read by that agent). Tenant data under RLS.
-- ===========================================================================
SELECT sotto_enable_tenant_rls('"InboxMention"');
GRANT SELECT, INSERT, UPDATE, DELETE ON "InboxMention" TO sotto_app;
