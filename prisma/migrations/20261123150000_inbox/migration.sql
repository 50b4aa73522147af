-- CreateEnum
CREATE TYPE "ChannelType" AS ENUM ('widget', 'whatsapp', 'messenger', 'instagram', 'twilio_sms', 'twilio_whatsapp', 'email');

-- CreateEnum
CREATE TYPE "ChannelStatus" AS ENUM ('active', 'disconnected', 'error');

-- CreateEnum
CREATE TYPE "IdentityKind" AS ENUM ('phone', 'wa_id', 'bsuid', 'psid', 'igsid', 'email', 'visitor');

-- CreateEnum
CREATE TYPE "ConversationStatus" AS ENUM ('open', 'pending', 'snoozed', 'resolved');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('none', 'low', 'medium', 'high', 'urgent');

-- CreateEnum
CREATE TYPE "MessageDirection" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "AuthorType" AS ENUM ('contact', 'agent', 'bot', 'system');

-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('text', 'media', 'location', 'interactive', 'reaction', 'template', 'email', 'note', 'unsupported');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('received', 'queued', 'sent', 'delivered', 'read', 'failed', 'sandboxed');

-- CreateEnum
CREATE TYPE "OptStatus" AS ENUM ('opted_in', 'opted_out');

-- CreateTable
CREATE TABLE "Channel" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "type" "ChannelType" NOT NULL,
    "name" TEXT NOT NULL,
    "status" "ChannelStatus" NOT NULL DEFAULT 'active',
    "externalId" TEXT NOT NULL,
    "credentials" TEXT,
    "webhookSecret" TEXT,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "locale" TEXT,
    "attributes" JSONB NOT NULL DEFAULT '{}',
    "mergedIntoId" TEXT,
    "restricted" BOOLEAN NOT NULL DEFAULT false,
    "noProfiling" BOOLEAN NOT NULL DEFAULT false,
    "lastSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactIdentity" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "kind" "IdentityKind" NOT NULL,
    "value" TEXT NOT NULL,
    "channelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" "ConversationStatus" NOT NULL DEFAULT 'open',
    "assigneeId" TEXT,
    "teamId" TEXT,
    "priority" "Priority" NOT NULL DEFAULT 'none',
    "subject" TEXT,
    "snoozedUntil" TIMESTAMP(3),
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessagePreview" TEXT,
    "unreadCount" INTEGER NOT NULL DEFAULT 0,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "direction" "MessageDirection" NOT NULL,
    "authorType" "AuthorType" NOT NULL,
    "authorId" TEXT,
    "kind" "MessageKind" NOT NULL DEFAULT 'text',
    "text" TEXT,
    "html" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "isPrivate" BOOLEAN NOT NULL DEFAULT false,
    "providerMessageId" TEXT,
    "clientMessageId" TEXT,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'received',
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "search" tsvector,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "messageId" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryLog" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER NOT NULL,
    "detail" TEXT,
    "eventKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL DEFAULT 10,
    "lastAssignedAt" TIMESTAMP(3),

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Label" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL DEFAULT '#64748b',

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationLabel" (
    "tenantId" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,

    CONSTRAINT "ConversationLabel_pkey" PRIMARY KEY ("tenantId","conversationId","labelId")
);

-- CreateTable
CREATE TABLE "CannedResponse" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "shortcut" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CannedResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactOptIn" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "channelType" "ChannelType" NOT NULL,
    "status" "OptStatus" NOT NULL,
    "source" TEXT NOT NULL,
    "keyword" TEXT,
    "acknowledged" BOOLEAN NOT NULL DEFAULT false,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactOptIn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Channel_tenantId_type_idx" ON "Channel"("tenantId", "type");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_type_externalId_key" ON "Channel"("type", "externalId");

-- CreateIndex
CREATE INDEX "Contact_tenantId_email_idx" ON "Contact"("tenantId", "email");

-- CreateIndex
CREATE INDEX "Contact_tenantId_phone_idx" ON "Contact"("tenantId", "phone");

-- CreateIndex
CREATE INDEX "Contact_tenantId_updatedAt_idx" ON "Contact"("tenantId", "updatedAt");

-- CreateIndex
CREATE INDEX "ContactIdentity_tenantId_contactId_idx" ON "ContactIdentity"("tenantId", "contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactIdentity_tenantId_kind_value_key" ON "ContactIdentity"("tenantId", "kind", "value");

-- CreateIndex
CREATE INDEX "Conversation_tenantId_status_lastActivityAt_idx" ON "Conversation"("tenantId", "status", "lastActivityAt");

-- CreateIndex
CREATE INDEX "Conversation_tenantId_assigneeId_status_idx" ON "Conversation"("tenantId", "assigneeId", "status");

-- CreateIndex
CREATE INDEX "Conversation_tenantId_contactId_idx" ON "Conversation"("tenantId", "contactId");

-- CreateIndex
CREATE INDEX "Conversation_tenantId_channelId_status_idx" ON "Conversation"("tenantId", "channelId", "status");

-- CreateIndex
CREATE INDEX "Message_tenantId_conversationId_createdAt_idx" ON "Message"("tenantId", "conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_search_idx" ON "Message" USING GIN ("search");

-- CreateIndex
CREATE UNIQUE INDEX "Message_tenantId_channelId_providerMessageId_key" ON "Message"("tenantId", "channelId", "providerMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "Message_tenantId_conversationId_clientMessageId_key" ON "Message"("tenantId", "conversationId", "clientMessageId");

-- CreateIndex
CREATE INDEX "Attachment_tenantId_messageId_idx" ON "Attachment"("tenantId", "messageId");

-- CreateIndex
CREATE INDEX "WebhookEvent_tenantId_receivedAt_idx" ON "WebhookEvent"("tenantId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_tenantId_channelId_eventKey_key" ON "WebhookEvent"("tenantId", "channelId", "eventKey");

-- CreateIndex
CREATE INDEX "OutboxEvent_tenantId_sentAt_idx" ON "OutboxEvent"("tenantId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_tenantId_eventId_key" ON "OutboxEvent"("tenantId", "eventId");

-- CreateIndex
CREATE INDEX "DeliveryLog_tenantId_channelId_createdAt_idx" ON "DeliveryLog"("tenantId", "channelId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Team_tenantId_name_key" ON "Team"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "TeamMember_tenantId_teamId_userId_key" ON "TeamMember"("tenantId", "teamId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Label_tenantId_name_key" ON "Label"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CannedResponse_tenantId_shortcut_key" ON "CannedResponse"("tenantId", "shortcut");

-- CreateIndex
CREATE UNIQUE INDEX "ContactOptIn_tenantId_contactId_channelType_key" ON "ContactOptIn"("tenantId", "contactId", "channelType");

-- AddForeignKey
ALTER TABLE "ContactIdentity" ADD CONSTRAINT "ContactIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLabel" ADD CONSTRAINT "ConversationLabel_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationLabel" ADD CONSTRAINT "ConversationLabel_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ===========================================================================
-- Inbox security (hand-written). Every table above is tenant-owned.
-- ===========================================================================
SELECT sotto_enable_tenant_rls(t::regclass) FROM unnest(ARRAY[
  '"Channel"', '"Contact"', '"ContactIdentity"', '"Conversation"', '"Message"', '"Attachment"',
  '"WebhookEvent"', '"OutboxEvent"', '"DeliveryLog"', '"Team"', '"TeamMember"', '"Label"',
  '"ConversationLabel"', '"CannedResponse"', '"ContactOptIn"'
]) AS t;

GRANT SELECT, INSERT, UPDATE, DELETE ON
  "Channel", "Contact", "ContactIdentity", "Conversation", "Message", "Attachment",
  "OutboxEvent", "Team", "TeamMember", "Label", "ConversationLabel", "CannedResponse", "ContactOptIn"
  TO sotto_app;
-- Raw events and delivery logs are evidence: the app appends and reads them; only
-- retention purges (through their own function) remove them.
GRANT SELECT, INSERT ON "WebhookEvent", "DeliveryLog" TO sotto_app;
GRANT SELECT ON "Channel", "OutboxEvent" TO sotto_definer;

-- Full-text search over message text, language-neutral so Italian, Spanish,
-- emoji and right-to-left text are all indexed the same way.
CREATE OR REPLACE FUNCTION sotto_message_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := to_tsvector('simple', coalesce(NEW.text, '') || ' ' || coalesce(NEW.payload->>'caption', ''));
  RETURN NEW;
END $$;
CREATE TRIGGER message_search BEFORE INSERT OR UPDATE OF text, payload ON "Message"
  FOR EACH ROW EXECUTE FUNCTION sotto_message_search();

-- Inbound webhooks find their tenant by the provider's routing key. Returns only
-- what the accept path needs; the secret stays a key-ring ciphertext.
CREATE OR REPLACE FUNCTION sotto_channel_route(p_type "ChannelType", p_external_id text)
RETURNS TABLE (tenant_id text, channel_id text, status "ChannelStatus", webhook_secret text, sandbox boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT "tenantId", id, status, "webhookSecret", sandbox FROM "Channel"
  WHERE type = p_type AND "externalId" = p_external_id
$$;

-- The outbox relay drains every tenant's pending events; marking them sent
-- happens per tenant under RLS.
CREATE OR REPLACE FUNCTION sotto_outbox_pending(p_limit integer)
RETURNS TABLE (id text, tenant_id text, name text, event_id text, data jsonb, attempts integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id, "tenantId", name, "eventId", data, attempts FROM "OutboxEvent"
  WHERE "sentAt" IS NULL ORDER BY "createdAt" LIMIT least(greatest(p_limit, 1), 1000)
$$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['sotto_channel_route("ChannelType", text)', 'sotto_outbox_pending(integer)'] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO sotto_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO sotto_app', f);
  END LOOP;
END $$;
