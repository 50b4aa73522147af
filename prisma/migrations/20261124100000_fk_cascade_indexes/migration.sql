-- Indexes for the ON DELETE CASCADE lookups of Message.conversationId and
-- Attachment.messageId (hand-written, measured with npm run bench:privacy).
--
-- PostgreSQL's foreign-key triggers find referencing rows by the foreign-key
-- column alone ("conversationId" = $1), never with "tenantId", so the
-- tenant-leading indexes cannot serve them: every deleted conversation read
-- the whole Message table, every deleted message the whole Attachment table.
-- Retention's physical deletion and erasure delete conversations and messages
-- by the thousand; with 10 million messages that was minutes per batch.

-- CreateIndex
CREATE INDEX "Message_conversationId_idx" ON "Message"("conversationId");

-- CreateIndex
CREATE INDEX "Attachment_messageId_idx" ON "Attachment"("messageId");
