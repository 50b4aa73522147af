-- sotto_ingest_message, same contract as in 20261124090000_inbox_gaps, with
-- duplicates answered first.
--
-- Why: a provider retry (bench:webhooks repeats 20 % of deliveries, as Meta and
-- Twilio do under any hiccup) went through the whole front half of the
-- function before it was recognised: the raw event insert (and its trigger
-- extracting data-subject keys from the payload), the identity lookups, a
-- second lookup for the contact, and sotto_log_delivery (a function call that
-- sets the tenant context again). Now a delivery whose message is stored is
-- found by the unique key first and answered with one DeliveryLog row.
--
-- Concurrency is unchanged: two copies of a new message still meet on the
-- WebhookEvent unique key (the second waits for the first and then sees its
-- message) or, under different event keys, on the Message unique key (SO409,
-- retried by lib/inbox/ingest.ts).
CREATE OR REPLACE FUNCTION sotto_ingest_message(
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

  -- A provider retry (the commonest duplicate) is answered before anything is
  -- computed for the delivery: no subject keys, no identity lookups. The
  -- conversation gives the contact (it follows merges).
  IF p_provider_message_id IS NOT NULL THEN
    SELECT m.id, m."conversationId", c."contactId" INTO v_msg, v_conv, v_contact
    FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" AND c."tenantId" = p_tenant_id
    WHERE m."tenantId" = p_tenant_id AND m."channelId" = p_channel_id AND m."providerMessageId" = p_provider_message_id;
  END IF;

  IF v_msg IS NULL THEN
    INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload, "receivedAt")
    VALUES (sotto_new_id(), p_tenant_id, p_channel_id, p_provider, p_event_key, coalesce(p_raw, 'null'::jsonb), v_now)
    ON CONFLICT ("tenantId", "channelId", "eventKey") DO NOTHING
    RETURNING id INTO v_new_event;
    -- The event was stored before: by a concurrent copy of this delivery, which
    -- the insert above waited for (its message is visible now), or by one
    -- whose message has been erased since (nothing is recreated).
    IF v_new_event IS NULL AND p_provider_message_id IS NOT NULL THEN
      SELECT m.id, m."conversationId", c."contactId" INTO v_msg, v_conv, v_contact
      FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" AND c."tenantId" = p_tenant_id
      WHERE m."tenantId" = p_tenant_id AND m."channelId" = p_channel_id AND m."providerMessageId" = p_provider_message_id;
    END IF;
  END IF;

  IF v_msg IS NULL AND v_new_event IS NOT NULL OR p_provider_message_id IS NULL THEN
    -- The contact, by the first of its identities that is known (index lookups, see sotto_known_identities).
    SELECT k.contact_id, count(*) OVER () INTO v_contact, v_known
    FROM sotto_known_identities(p_tenant_id, p_identities) k ORDER BY k.ord LIMIT 1;
    v_known := coalesce(v_known, 0);
  END IF;

  -- Widget messages have no provider id: a resend is found by its client id within the contact's conversation.
  IF p_provider_message_id IS NULL AND v_contact IS NOT NULL THEN
    SELECT m.id, m."conversationId" INTO v_msg, v_conv FROM "Message" m
    JOIN "Conversation" c ON c.id = m."conversationId" AND c."tenantId" = p_tenant_id
    WHERE m."tenantId" = p_tenant_id AND m."clientMessageId" = p_client_message_id
      AND c."contactId" = v_contact AND c."channelId" = p_channel_id
    LIMIT 1;
  END IF;
  IF v_msg IS NOT NULL OR v_new_event IS NULL THEN
    IF p_log_http IS NOT NULL THEN
      INSERT INTO "DeliveryLog" (id, "tenantId", "channelId", outcome, "httpStatus", "eventKey", "createdAt")
      VALUES (sotto_new_id(), p_tenant_id, p_channel_id, 'duplicate', p_log_http, left(p_event_key, 300), v_now);
    END IF;
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


-- Only widget and agent messages carry a client message id: the unique key on
-- it keeps only those rows, so an inbound provider message costs one index
-- entry fewer. Same name and columns, so Prisma sees the index it declares;
-- every writer finds conflicts through the constraint error or ON CONFLICT
-- without a target, which a partial unique index serves.
DROP INDEX "Message_tenantId_conversationId_clientMessageId_key";
CREATE UNIQUE INDEX "Message_tenantId_conversationId_clientMessageId_key" ON "Message" ("tenantId", "conversationId", "clientMessageId") WHERE "clientMessageId" IS NOT NULL;
