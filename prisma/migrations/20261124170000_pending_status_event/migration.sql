-- Kept delivery statuses (20261124090000_inbox_gaps): the trigger that applies
-- them when an outbound message gets its provider id now writes one
-- message.status outbox event for the status the message ends at, instead of
-- one per kept status (an early "delivered" plus the send's own "sent" produced
-- a "sent" event after the message was already delivered).
CREATE OR REPLACE FUNCTION sotto_apply_pending_statuses() RETURNS trigger
LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
  v_now timestamp(3) := now() AT TIME ZONE 'UTC';
  v_before "DeliveryStatus" := NEW.status;
  v_found boolean := false;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('sotto:status/' || NEW."tenantId" || '/' || NEW."channelId" || '/' || NEW."providerMessageId", 0));
  FOR r IN
    SELECT p.status, p.at, p."errorCode", p."errorMessage" FROM "PendingDeliveryStatus" p
    WHERE p."tenantId" = NEW."tenantId" AND p."channelId" = NEW."channelId" AND p."providerMessageId" = NEW."providerMessageId"
    ORDER BY sotto_delivery_rank(p.status), p.at
  LOOP
    v_found := true;
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
  END LOOP;
  -- One event for where the message ended, not one per kept status: a consumer
  -- never sees "sent" arrive after "delivered".
  IF NEW.status IS DISTINCT FROM v_before AND NEW.status IN ('sent', 'delivered', 'read', 'failed') THEN
    INSERT INTO "OutboxEvent" (id, "tenantId", name, "eventId", data, "createdAt")
    VALUES (sotto_new_id(), NEW."tenantId", 'message.status',
            'message.status:' || NEW."channelId" || ':' || NEW."providerMessageId" || ':' || NEW.status,
            jsonb_build_object('tenantId', NEW."tenantId", 'channelId', NEW."channelId", 'messageId', NEW.id,
                               'conversationId', NEW."conversationId", 'status', NEW.status, 'errorCode', NEW."errorCode"), v_now)
    ON CONFLICT ("tenantId", "eventId") DO NOTHING;
  END IF;
  IF v_found THEN
    DELETE FROM "PendingDeliveryStatus" p
    WHERE p."tenantId" = NEW."tenantId" AND p."channelId" = NEW."channelId" AND p."providerMessageId" = NEW."providerMessageId";
  END IF;
  RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION sotto_apply_pending_statuses() FROM PUBLIC;
