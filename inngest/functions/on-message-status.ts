import { inngest } from "../client";
import { messageStatus } from "../events";

/**
 * A delivery status moved an outbound message forward. The status itself is
 * already applied at ingest (sotto_ingest_status); this is the hook for work
 * that follows (analytics, failure alerts). The payload is validated by the
 * trigger's schema before the handler runs.
 */
export const onMessageStatus = inngest.createFunction(
  { id: "on-message-status", name: "Message status changed", triggers: [messageStatus], retries: 3 },
  async ({ event, logger }) => {
    const { tenantId, messageId, status, errorCode } = event.data;
    if (status === "failed") logger.warn("outbound message failed", { tenantId, messageId, errorCode });
    return { messageId, status };
  },
);
