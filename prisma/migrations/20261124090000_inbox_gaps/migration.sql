-- CreateTable
CREATE TABLE "PendingDeliveryStatus" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "providerMessageId" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingDeliveryStatus_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingDeliveryStatus_tenantId_createdAt_idx" ON "PendingDeliveryStatus"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PendingDeliveryStatus_tenantId_channelId_providerMessageId__key" ON "PendingDeliveryStatus"("tenantId", "channelId", "providerMessageId", "status");

-- ===========================================================================
-- Inbox gaps (hand-written below).
-- ===========================================================================

-- Statuses that beat their message's provider id: tenant data under RLS. The
-- app role writes them (sotto_ingest_status) and the Message trigger below
-- reads and deletes them; the assignment cron purges stale ones per tenant.
SELECT sotto_enable_tenant_rls('"PendingDeliveryStatus"');
GRANT SELECT, INSERT, DELETE ON "PendingDeliveryStatus" TO sotto_app;
GRANT SELECT ON "PendingDeliveryStatus", "Conversation" TO sotto_definer;

-- 1. sotto_ingest_message refuses channels that are disconnected (or gone).
-- The route cache of a web process (lib/inbox/channel-route.ts) may still
-- hold the channel for a few seconds after a disconnect: the refusal has to
-- be here, in the statement that stores. The new result column "refused"
-- changes the signature's return type, hence DROP + CREATE.
DROP FUNCTION IF EXISTS sotto_ingest_message(text, text, "ChannelType", jsonb, text, text, text, text, text, "MessageKind", text, text, jsonb, text, text[], timestamptz, text, text, text, jsonb, "OptStatus", text, integer);
CREATE FUNCTION sotto_ingest_message(
  p_tenant_id text,
  p_channel_id text,
  p_channel_type "ChannelType",
  p_identities jsonb,              -- [{"kind": IdentityKind, "value": text}], most stable first
  p_contact_name text,
  p_contact_phone text,
  p_contact_email text,
  p_provider_message_id text,
  p_client_message_id text,
  p_kind "MessageKind",
  p_text text,
  p_html text,
  p_payload jsonb,
  p_subject text,
  p_thread_keys text[],            -- email: Message-IDs this message replies to / references
  p_received_at timestamptz,
  p_preview text,
  p_provider text,
  p_event_key text,
  p_raw jsonb,
  p_opt_status "OptStatus",        -- set when the text is an opt-in/opt-out keyword
  p_opt_keyword text,
  p_log_http integer               -- write a DeliveryLog line with this status; NULL: none
) RETURNS TABLE (message_id text, conversation_id text, contact_id text, duplicate boolean, conversation_created boolean, refused boolean)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  v_now timestamp(3) := now() AT TIME ZONE 'UTC';
  v_at timestamp(3);
  v_new_event text;
  v_contact text;
  v_conv text;
  v_conv_created boolean := false;
  v_msg text;
  v_first_kind "IdentityKind";
  v_first_value text;
  v_ident text;
  v_msg_event_id text;
  v_known integer;
  v_channel_status "ChannelStatus";
BEGIN
  IF p_tenant_id IS NULL OR p_channel_id IS NULL OR p_event_key IS NULL THEN
    RAISE EXCEPTION 'sotto_ingest_message: tenant, channel and event key are required';
  END IF;
  IF p_provider_message_id IS NULL AND p_client_message_id IS NULL THEN
    RAISE EXCEPTION 'sotto_ingest_message: a provider or client message id is required';
  END IF;
  IF jsonb_typeof(p_identities) IS DISTINCT FROM 'array' OR jsonb_array_length(p_identities) = 0 THEN
    RAISE EXCEPTION 'sotto_ingest_message: at least one contact identity is required';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant_id, true);
  -- A disconnected (or deleted) channel takes nothing, whatever a cached route
  -- in some web process still says: nothing is stored, the refusal is logged.
  SELECT ch.status INTO v_channel_status FROM "Channel" ch WHERE ch.id = p_channel_id AND ch."tenantId" = p_tenant_id;
  IF v_channel_status IS NULL OR v_channel_status = 'disconnected' THEN
    IF p_log_http IS NOT NULL AND v_channel_status IS NOT NULL THEN
      PERFORM sotto_log_delivery(p_tenant_id, p_channel_id, 'channel_disconnected', 404, NULL, p_event_key);
    END IF;
    RETURN QUERY SELECT ''::text, ''::text, ''::text, false, false, true;
    RETURN;
  END IF;
  -- A provider clock ahead of ours must not pin a message to the top of the inbox.
  v_at := least(coalesce(p_received_at AT TIME ZONE 'UTC', v_now), v_now);

  INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload, "receivedAt")
  VALUES (sotto_new_id(), p_tenant_id, p_channel_id, p_provider, p_event_key, coalesce(p_raw, 'null'::jsonb), v_now)
  ON CONFLICT ("tenantId", "channelId", "eventKey") DO NOTHING
  RETURNING id INTO v_new_event;

  -- The contact, by the first of its identities that is known (index lookups, see sotto_known_identities).
  SELECT k.contact_id, count(*) OVER () INTO v_contact, v_known
  FROM sotto_known_identities(p_tenant_id, p_identities) k ORDER BY k.ord LIMIT 1;
  v_known := coalesce(v_known, 0);

  -- Duplicate?
  IF p_provider_message_id IS NOT NULL THEN
    SELECT m.id, m."conversationId" INTO v_msg, v_conv FROM "Message" m
    WHERE m."tenantId" = p_tenant_id AND m."channelId" = p_channel_id AND m."providerMessageId" = p_provider_message_id;
  ELSIF v_contact IS NOT NULL THEN
    SELECT m.id, m."conversationId" INTO v_msg, v_conv FROM "Message" m
    JOIN "Conversation" c ON c.id = m."conversationId" AND c."tenantId" = p_tenant_id
    WHERE m."tenantId" = p_tenant_id AND m."clientMessageId" = p_client_message_id
      AND c."contactId" = v_contact AND c."channelId" = p_channel_id
    LIMIT 1;
  END IF;
  IF v_msg IS NOT NULL OR v_new_event IS NULL THEN
    IF v_msg IS NOT NULL THEN
      SELECT c."contactId" INTO v_contact FROM "Conversation" c WHERE c.id = v_conv AND c."tenantId" = p_tenant_id;
    END IF;
    IF p_log_http IS NOT NULL THEN
      PERFORM sotto_log_delivery(p_tenant_id, p_channel_id, 'duplicate', p_log_http, NULL, p_event_key);
    END IF;
    -- Seen before but no message: it was erased since. Nothing is recreated.
    RETURN QUERY SELECT coalesce(v_msg, ''), coalesce(v_conv, ''), coalesce(v_contact, ''), true, false, false;
    RETURN;
  END IF;

  -- Contact: create it when no identity is known. Two first messages from the
  -- same person race on the first identity's unique index; the loser drops its
  -- contact row and uses the winner's.
  v_first_kind := (p_identities->0->>'kind')::"IdentityKind";
  v_first_value := p_identities->0->>'value';
  IF v_contact IS NULL THEN
    v_contact := sotto_new_id();
    INSERT INTO "Contact" (id, "tenantId", name, email, phone, "lastSeenAt", "createdAt", "updatedAt")
    VALUES (v_contact, p_tenant_id, p_contact_name, p_contact_email, p_contact_phone, v_at, v_now, v_now);
    INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId", "createdAt")
    VALUES (sotto_new_id(), p_tenant_id, v_contact, v_first_kind, v_first_value, p_channel_id, v_now)
    ON CONFLICT ("tenantId", kind, value) DO NOTHING
    RETURNING id INTO v_ident;
    IF v_ident IS NULL THEN
      DELETE FROM "Contact" WHERE id = v_contact AND "tenantId" = p_tenant_id;
      SELECT ci."contactId" INTO STRICT v_contact FROM "ContactIdentity" ci
      WHERE ci."tenantId" = p_tenant_id AND ci.kind = v_first_kind AND ci.value = v_first_value;
    END IF;
  ELSE
    UPDATE "Contact" c SET
      name = coalesce(c.name, p_contact_name),
      phone = coalesce(c.phone, p_contact_phone),
      email = coalesce(c.email, p_contact_email),
      "lastSeenAt" = greatest(c."lastSeenAt", v_at),
      "updatedAt" = v_now
    WHERE c.id = v_contact AND c."tenantId" = p_tenant_id
      AND ((c.name IS NULL AND p_contact_name IS NOT NULL) OR (c.phone IS NULL AND p_contact_phone IS NOT NULL)
        OR (c.email IS NULL AND p_contact_email IS NOT NULL)
        OR c."lastSeenAt" IS NULL OR c."lastSeenAt" < v_at - interval '1 minute');
  END IF;
  -- Identities seen for the first time (one that belongs to another contact is left there: merging is a person's decision).
  IF v_known < jsonb_array_length(p_identities) THEN
    INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId", "createdAt")
    SELECT sotto_new_id(), p_tenant_id, v_contact, (i.item->>'kind')::"IdentityKind", i.item->>'value', p_channel_id, v_now
    FROM jsonb_array_elements(p_identities) AS i(item)
    ON CONFLICT ("tenantId", kind, value) DO NOTHING;
  END IF;

  -- Conversation: one open thread per contact and channel (email: per thread).
  -- The advisory lock makes find-or-create safe for concurrent first messages.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_tenant_id || '/' || v_contact || '/' || p_channel_id, 0));
  v_conv := NULL;
  IF p_channel_type = 'email' THEN
    IF p_thread_keys IS NOT NULL AND cardinality(p_thread_keys) > 0 THEN
      SELECT m."conversationId" INTO v_conv FROM "Message" m
      WHERE m."tenantId" = p_tenant_id AND m."channelId" = p_channel_id AND m."providerMessageId" = ANY (p_thread_keys)
      ORDER BY m."createdAt" DESC LIMIT 1;
    END IF;
  ELSE
    SELECT c.id INTO v_conv FROM "Conversation" c
    WHERE c."tenantId" = p_tenant_id AND c."contactId" = v_contact AND c."channelId" = p_channel_id
      AND c.status IN ('open', 'pending', 'snoozed')
    ORDER BY c."lastActivityAt" DESC LIMIT 1;
  END IF;
  IF v_conv IS NULL THEN
    v_conv := sotto_new_id();
    v_conv_created := true;
    INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", status, subject, "lastActivityAt",
                                "lastMessagePreview", "unreadCount", "createdAt", "updatedAt")
    VALUES (v_conv, p_tenant_id, p_channel_id, v_contact, 'open', p_subject, v_at, p_preview, 0, v_now, v_now);
  END IF;

  v_msg := sotto_new_id();
  INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", "authorId", kind,
                         text, html, payload, "providerMessageId", "clientMessageId", status, "createdAt", "updatedAt")
  VALUES (v_msg, p_tenant_id, v_conv, p_channel_id, 'inbound', 'contact', v_contact, p_kind,
          p_text, p_html, coalesce(p_payload, '{}'::jsonb), p_provider_message_id, p_client_message_id, 'received', v_at, v_now)
  ON CONFLICT DO NOTHING
  RETURNING id INTO v_msg;
  IF v_msg IS NULL THEN
    RAISE EXCEPTION 'concurrent duplicate of message %', coalesce(p_provider_message_id, p_client_message_id)
      USING ERRCODE = 'SO409';
  END IF;

  -- A new message from the contact wakes a snoozed conversation and reopens a resolved email thread.
  UPDATE "Conversation" c SET
    "lastActivityAt" = greatest(c."lastActivityAt", v_at),
    "lastMessagePreview" = CASE WHEN v_at >= c."lastActivityAt" OR c."lastMessagePreview" IS NULL THEN p_preview ELSE c."lastMessagePreview" END,
    "unreadCount" = c."unreadCount" + 1,
    status = CASE WHEN c.status IN ('snoozed', 'resolved') THEN 'open'::"ConversationStatus" ELSE c.status END,
    "snoozedUntil" = CASE WHEN c.status = 'snoozed' THEN NULL ELSE c."snoozedUntil" END,
    "resolvedAt" = CASE WHEN c.status = 'resolved' THEN NULL ELSE c."resolvedAt" END,
    subject = coalesce(c.subject, p_subject),
    "updatedAt" = v_now
  WHERE c.id = v_conv AND c."tenantId" = p_tenant_id;

  v_msg_event_id := 'message.received:' || p_channel_id || ':' ||
    coalesce(p_provider_message_id, 'client:' || v_conv || ':' || p_client_message_id);

  IF p_opt_status IS NOT NULL THEN
    INSERT INTO "ContactOptIn" (id, "tenantId", "contactId", "channelType", status, source, keyword, acknowledged, "changedAt")
    VALUES (sotto_new_id(), p_tenant_id, v_contact, p_channel_type, p_opt_status, 'keyword', p_opt_keyword, false, v_now)
    ON CONFLICT ("tenantId", "contactId", "channelType") DO UPDATE SET
      status = EXCLUDED.status, source = EXCLUDED.source, keyword = EXCLUDED.keyword,
      acknowledged = false, "changedAt" = EXCLUDED."changedAt";
    INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data, "createdAt")
    VALUES (sotto_new_id(), p_tenant_id, 'contact.opt_changed', 'contact.opt_changed:' || v_msg,
            jsonb_build_object('tenantId', p_tenant_id, 'contactId', v_contact, 'channelId', p_channel_id,
                               'channelType', p_channel_type, 'conversationId', v_conv, 'messageId', v_msg,
                               'status', p_opt_status, 'keyword', p_opt_keyword), v_now)
    ON CONFLICT ("tenantId", "eventId") DO NOTHING;
  END IF;

  INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data, "createdAt")
  VALUES (sotto_new_id(), p_tenant_id, 'message.received', v_msg_event_id,
          jsonb_build_object('tenantId', p_tenant_id, 'channelId', p_channel_id, 'channelType', p_channel_type,
                             'conversationId', v_conv, 'messageId', v_msg, 'contactId', v_contact, 'kind', p_kind,
                             'conversationCreated', v_conv_created), v_now)
  ON CONFLICT ("tenantId", "eventId") DO NOTHING;

  IF p_log_http IS NOT NULL THEN
    INSERT INTO "DeliveryLog" (id, "tenantId", "channelId", outcome, "httpStatus", "eventKey", "createdAt")
    VALUES (sotto_new_id(), p_tenant_id, p_channel_id, 'accepted', p_log_http, left(p_event_key, 300), v_now);
  END IF;

  RETURN QUERY SELECT v_msg, v_conv, v_contact, false, v_conv_created, false;
END $$;

REVOKE ALL ON FUNCTION sotto_ingest_message(text, text, "ChannelType", jsonb, text, text, text, text, text, "MessageKind", text, text, jsonb, text, text[], timestamptz, text, text, text, jsonb, "OptStatus", text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_ingest_message(text, text, "ChannelType", jsonb, text, text, text, text, text, "MessageKind", text, text, jsonb, text, text[], timestamptz, text, text, text, jsonb, "OptStatus", text, integer) TO sotto_app;

-- 2. Status callbacks that arrive before the send recorded the provider id.
-- Twilio may call the status URL before the sending function has committed the
-- message's provider id. Such a status is kept (raw WebhookEvent as before,
-- plus a PendingDeliveryStatus row) and applied by the trigger below when the
-- id is recorded. Both sides take the same advisory lock per (tenant, channel,
-- provider id), so whichever commits second sees the other's work: either the
-- status finds the message, or the trigger finds the pending status.
DROP FUNCTION IF EXISTS sotto_ingest_status(text, text, text, "DeliveryStatus", timestamptz, text, text, text, text, jsonb, integer);
CREATE FUNCTION sotto_ingest_status(
  p_tenant_id text,
  p_channel_id text,
  p_provider_message_id text,
  p_status "DeliveryStatus",
  p_at timestamptz,
  p_error_code text,
  p_error_message text,
  p_provider text,
  p_event_key text,
  p_raw jsonb,
  p_log_http integer
) RETURNS TABLE (updated boolean, message_id text, conversation_id text, pending boolean, refused boolean)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  v_now timestamp(3) := now() AT TIME ZONE 'UTC';
  v_at timestamp(3) := least(coalesce(p_at AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'), now() AT TIME ZONE 'UTC');
  v_msg text;
  v_conv text;
  v_pending boolean := false;
  v_channel_status "ChannelStatus";
BEGIN
  IF p_status NOT IN ('sent', 'delivered', 'read', 'failed') THEN
    RAISE EXCEPTION 'sotto_ingest_status: unsupported status %', p_status;
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant_id, true);
  SELECT ch.status INTO v_channel_status FROM "Channel" ch WHERE ch.id = p_channel_id AND ch."tenantId" = p_tenant_id;
  IF v_channel_status IS NULL OR v_channel_status = 'disconnected' THEN
    IF p_log_http IS NOT NULL AND v_channel_status IS NOT NULL THEN
      PERFORM sotto_log_delivery(p_tenant_id, p_channel_id, 'channel_disconnected', 404, 'status ' || p_status, p_event_key);
    END IF;
    RETURN QUERY SELECT false, NULL::text, NULL::text, false, true;
    RETURN;
  END IF;

  INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload, "receivedAt")
  VALUES (sotto_new_id(), p_tenant_id, p_channel_id, p_provider, p_event_key, coalesce(p_raw, 'null'::jsonb), v_now)
  ON CONFLICT ("tenantId", "channelId", "eventKey") DO NOTHING;

  PERFORM pg_advisory_xact_lock(hashtextextended('sotto:status/' || p_tenant_id || '/' || p_channel_id || '/' || p_provider_message_id, 0));

  UPDATE "Message" m SET
    status = p_status,
    "sentAt" = CASE WHEN p_status IN ('sent', 'delivered', 'read') THEN coalesce(m."sentAt", v_at) ELSE m."sentAt" END,
    "deliveredAt" = CASE WHEN p_status IN ('delivered', 'read') THEN coalesce(m."deliveredAt", v_at) ELSE m."deliveredAt" END,
    "readAt" = CASE WHEN p_status = 'read' THEN coalesce(m."readAt", v_at) ELSE m."readAt" END,
    "failedAt" = CASE WHEN p_status = 'failed' THEN v_at ELSE m."failedAt" END,
    "errorCode" = CASE WHEN p_status = 'failed' THEN left(p_error_code, 100) ELSE m."errorCode" END,
    "errorMessage" = CASE WHEN p_status = 'failed' THEN left(p_error_message, 1000) ELSE m."errorMessage" END,
    "updatedAt" = v_now
  WHERE m."tenantId" = p_tenant_id AND m."channelId" = p_channel_id AND m."providerMessageId" = p_provider_message_id
    AND m.direction = 'outbound' AND m.status <> 'failed'
    AND (CASE WHEN p_status = 'failed' THEN sotto_delivery_rank(m.status) < sotto_delivery_rank('delivered')
              ELSE sotto_delivery_rank(p_status) > sotto_delivery_rank(m.status) END)
  RETURNING m.id, m."conversationId" INTO v_msg, v_conv;

  IF v_msg IS NOT NULL THEN
    INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data, "createdAt")
    VALUES (sotto_new_id(), p_tenant_id, 'message.status',
            'message.status:' || p_channel_id || ':' || p_provider_message_id || ':' || p_status,
            jsonb_build_object('tenantId', p_tenant_id, 'channelId', p_channel_id, 'messageId', v_msg,
                               'conversationId', v_conv, 'status', p_status, 'errorCode', p_error_code), v_now)
    ON CONFLICT ("tenantId", "eventId") DO NOTHING;
  ELSIF NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."tenantId" = p_tenant_id AND m."channelId" = p_channel_id
                    AND m."providerMessageId" = p_provider_message_id) THEN
    INSERT INTO "PendingDeliveryStatus" (id, "tenantId", "channelId", "providerMessageId", status, at, "errorCode", "errorMessage", "createdAt")
    VALUES (sotto_new_id(), p_tenant_id, p_channel_id, p_provider_message_id, p_status, v_at, left(p_error_code, 100), left(p_error_message, 1000), v_now)
    ON CONFLICT ("tenantId", "channelId", "providerMessageId", status) DO NOTHING;
    v_pending := true;
  END IF;
  IF p_log_http IS NOT NULL THEN
    PERFORM sotto_log_delivery(p_tenant_id, p_channel_id, 'accepted', p_log_http,
      'status ' || p_status || CASE WHEN v_pending THEN ' (kept until the message is known)'
                                    WHEN v_msg IS NULL THEN ' (not applied)' ELSE '' END, p_event_key);
  END IF;
  RETURN QUERY SELECT v_msg IS NOT NULL, v_msg, v_conv, v_pending, false;
END $$;
REVOKE ALL ON FUNCTION sotto_ingest_status(text, text, text, "DeliveryStatus", timestamptz, text, text, text, text, jsonb, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_ingest_status(text, text, text, "DeliveryStatus", timestamptz, text, text, text, text, jsonb, integer) TO sotto_app;

-- Applies the kept statuses when an outbound message gets its provider id, in
-- the order of the delivery lifecycle (rank), not of arrival: an early
-- "delivered" then the send's own "sent" ends as delivered. The same rules as
-- sotto_ingest_status: nothing moves backwards, "failed" only before delivery.
CREATE OR REPLACE FUNCTION sotto_apply_pending_statuses() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  v_now timestamp(3) := now() AT TIME ZONE 'UTC';
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('sotto:status/' || NEW."tenantId" || '/' || NEW."channelId" || '/' || NEW."providerMessageId", 0));
  FOR r IN
    SELECT p.status, p.at, p."errorCode", p."errorMessage" FROM "PendingDeliveryStatus" p
    WHERE p."tenantId" = NEW."tenantId" AND p."channelId" = NEW."channelId" AND p."providerMessageId" = NEW."providerMessageId"
    ORDER BY sotto_delivery_rank(p.status), p.at
  LOOP
    IF NEW.status = 'failed' THEN
      EXIT;
    ELSIF r.status = 'failed' THEN
      IF sotto_delivery_rank(NEW.status) < sotto_delivery_rank('delivered') THEN
        NEW.status := 'failed';
        NEW."failedAt" := r.at;
        NEW."errorCode" := r."errorCode";
        NEW."errorMessage" := r."errorMessage";
      END IF;
    ELSE
      IF sotto_delivery_rank(r.status) > sotto_delivery_rank(NEW.status) THEN
        NEW.status := r.status;
      END IF;
      NEW."sentAt" := coalesce(NEW."sentAt", r.at);
      IF r.status IN ('delivered', 'read') THEN NEW."deliveredAt" := coalesce(NEW."deliveredAt", r.at); END IF;
      IF r.status = 'read' THEN NEW."readAt" := coalesce(NEW."readAt", r.at); END IF;
    END IF;
    IF NEW.status = r.status THEN
      INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data, "createdAt")
      VALUES (sotto_new_id(), NEW."tenantId", 'message.status',
              'message.status:' || NEW."channelId" || ':' || NEW."providerMessageId" || ':' || r.status,
              jsonb_build_object('tenantId', NEW."tenantId", 'channelId', NEW."channelId", 'messageId', NEW.id,
                                 'conversationId', NEW."conversationId", 'status', r.status, 'errorCode', r."errorCode"), v_now)
      ON CONFLICT ("tenantId", "eventId") DO NOTHING;
    END IF;
  END LOOP;
  IF FOUND THEN
    DELETE FROM "PendingDeliveryStatus" p
    WHERE p."tenantId" = NEW."tenantId" AND p."channelId" = NEW."channelId" AND p."providerMessageId" = NEW."providerMessageId";
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION sotto_apply_pending_statuses() FROM PUBLIC;

-- Inbound messages never match (direction), so the ingest hot path pays only the WHEN test.
CREATE TRIGGER message_pending_statuses_insert BEFORE INSERT ON "Message"
  FOR EACH ROW WHEN (NEW.direction = 'outbound' AND NEW."providerMessageId" IS NOT NULL)
  EXECUTE FUNCTION sotto_apply_pending_statuses();
CREATE TRIGGER message_pending_statuses_update BEFORE UPDATE OF "providerMessageId" ON "Message"
  FOR EACH ROW WHEN (NEW.direction = 'outbound' AND NEW."providerMessageId" IS NOT NULL
                     AND OLD."providerMessageId" IS DISTINCT FROM NEW."providerMessageId")
  EXECUTE FUNCTION sotto_apply_pending_statuses();

-- 3. Conversations left pending outside business hours, across tenants, for
-- the assign-pending-conversations cron: pending, unassigned, and the latest
-- activity line says "outside business hours" (a conversation an agent set to
-- pending by hand is left alone). Ids only; the cron assigns under RLS.
-- Also lists tenants holding statuses kept for over 7 days (never matched).
CREATE OR REPLACE FUNCTION sotto_outside_hours_pending(p_limit integer)
RETURNS TABLE (tenant_id text, conversation_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c."tenantId", c.id FROM "Conversation" c
  WHERE c.status = 'pending' AND c."assigneeId" IS NULL AND c."deletedAt" IS NULL
    AND (SELECT m.payload->'activity'->>'type' FROM "Message" m
         WHERE m."tenantId" = c."tenantId" AND m."conversationId" = c.id AND m."authorType" = 'system'
           AND m.payload ? 'activity'
         ORDER BY m."createdAt" DESC LIMIT 1) = 'outside_hours'
  ORDER BY c."lastActivityAt"
  LIMIT greatest(1, least(p_limit, 5000))
$$;
CREATE OR REPLACE FUNCTION sotto_stale_pending_status_tenants(p_before timestamptz)
RETURNS TABLE (tenant_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT p."tenantId" FROM "PendingDeliveryStatus" p WHERE p."createdAt" < p_before AT TIME ZONE 'UTC'
$$;
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['sotto_outside_hours_pending(integer)', 'sotto_stale_pending_status_tenants(timestamptz)'] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO sotto_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO sotto_app', f);
  END LOOP;
END $$;
