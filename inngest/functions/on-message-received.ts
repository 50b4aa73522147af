import { withTenant } from "@/lib/db/client";
import { announceAutoAssign, autoAssign } from "@/lib/inbox/auto-assign";
import { inngest } from "../client";
import { messageReceived } from "../events";

/**
 * After an inbound message is stored (the payload is validated by the
 * trigger's schema; a bad payload fails at once, without retries):
 * auto-assignment (lib/inbox/auto-assign.ts: the inbox's default team,
 * round-robin within capacity, business hours; outside hours the conversation
 * is left pending and unassigned for the assign-pending-conversations cron).
 * The AI agent plugs in as a further step here. Each step's result is
 * memoised, so a retry after a failure never repeats a completed step (an
 * assignment is made once, whatever happens after it).
 */
export const onMessageReceived = inngest.createFunction(
  { id: "on-message-received", name: "Inbound message received", triggers: [messageReceived], retries: 5 },
  async ({ event, step, logger }) => {
    const { tenantId, conversationId, messageId, channelType, kind } = event.data;
    logger.info("inbound message received", { tenantId, conversationId, messageId, channelType, kind });

    const assignment = await step.run("auto-assign", async () => {
      const r = await withTenant(tenantId, (tx) => autoAssign(tx, tenantId, conversationId));
      if (r.outcome !== "skipped") await announceAutoAssign(tenantId, conversationId, r);
      return r;
    });
    return { messageId, assignment };
  },
);
