-- The ON DELETE CASCADE from Conversation finds labels by "conversationId"
-- alone; the primary key leads with "tenantId", so without this index every
-- conversation deleted by retention or erasure read the whole label table
-- (see 20261124100000_fk_cascade_indexes).

-- CreateIndex
CREATE INDEX "ConversationLabel_conversationId_idx" ON "ConversationLabel"("conversationId");
