-- ===========================================================================
-- Ingest tuning (hand-written), measured with npm run bench:webhooks.
-- ===========================================================================

-- Under row-level security the planner may use a condition as an index key only
-- when its operator is LEAKPROOF. Enum equality (enum_eq) is not, so behind
-- tenant_isolation a lookup by (kind, value) read every identity of the tenant:
-- one webhook cost grew with the tenant's contact count. This lookup runs as
-- sotto_definer, whose definer_read policy is USING (true), so the unique index
-- (tenantId, kind, value) is used. It answers only for the tenant it is given,
-- with the contact ids of the identities passed in: what the ingest function
-- itself may read.
GRANT SELECT ON "ContactIdentity" TO sotto_definer;

CREATE OR REPLACE FUNCTION sotto_known_identities(p_tenant_id text, p_identities jsonb)
RETURNS TABLE (ord bigint, contact_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  -- One index probe per identity (a correlated lookup, whatever the row estimates).
  SELECT k.ord, k.contact_id FROM (
    SELECT i.ord, (SELECT ci."contactId" FROM "ContactIdentity" ci
                   WHERE ci."tenantId" = p_tenant_id AND ci.kind = (i.item->>'kind')::"IdentityKind" AND ci.value = i.item->>'value') AS contact_id
    FROM jsonb_array_elements(p_identities) WITH ORDINALITY AS i(item, ord)
    WHERE p_tenant_id = current_setting('app.tenant_id', true)
  ) k WHERE k.contact_id IS NOT NULL
$$;
ALTER FUNCTION sotto_known_identities(text, jsonb) OWNER TO sotto_definer;
REVOKE ALL ON FUNCTION sotto_known_identities(text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_known_identities(text, jsonb) TO sotto_app;

-- The outbox relay asks for the oldest unsent events of all tenants
-- (sotto_outbox_pending): without this index that is a scan and sort of every
-- outbox row ever written, on each relay pass.
CREATE INDEX IF NOT EXISTS "OutboxEvent_pending_createdAt_idx" ON "OutboxEvent" ("createdAt") WHERE "sentAt" IS NULL;

-- sotto_ingest_message, same contract as in 20261123171500_ingest: identities
-- found through sotto_known_identities, new identities inserted only when some
-- are unknown, and the accepted delivery logged inline.
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
) RETURNS TABLE (message_id text, conversation_id text, contact_id text, duplicate boolean, conversation_created boolean)
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
    RETURN QUERY SELECT coalesce(v_msg, ''), coalesce(v_conv, ''), coalesce(v_contact, ''), true, false;
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

  RETURN QUERY SELECT v_msg, v_conv, v_contact, false, v_conv_created;
END $$;

REVOKE ALL ON FUNCTION sotto_ingest_message(text, text, "ChannelType", jsonb, text, text, text, text, text, "MessageKind", text, text, jsonb, text, text[], timestamptz, text, text, text, jsonb, "OptStatus", text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sotto_ingest_message(text, text, "ChannelType", jsonb, text, text, text, text, text, "MessageKind", text, text, jsonb, text, text[], timestamptz, text, text, text, jsonb, "OptStatus", text, integer) TO sotto_app;
