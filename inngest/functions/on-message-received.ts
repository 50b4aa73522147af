import { withTenant } from "@/lib/db/client";
import { inngest } from "../client";
import { messageReceived } from "../events";

/**
 * After an inbound message is stored (the payload is validated by the
 * trigger's schema; a bad payload fails at once, without retries). Today it
 * records the message and decides whether the conversation awaits assignment;
 * auto-assignment (lib/inbox/auto-assign.ts) and the AI agent plug in as
 * further steps here. Each step's result is memoised, so a retry after a
 * failure never repeats a completed step.
 */
export const onMessageReceived = inngest.createFunction(
  { id: "on-message-received", name: "Inbound message received", triggers: [messageReceived], retries: 5 },
  async ({ event, step, logger }) => {
    const { tenantId, conversationId, messageId, channelType, kind } = event.data;
    logger.info("inbound message received", { tenantId, conversationId, messageId, channelType, kind });

    const conversation = await step.run("load-conversation", () =>
      withTenant(tenantId, (tx) => tx.conversation.findFirst({ where: { id: conversationId }, select: { status: true, assigneeId: true, teamId: true } })),
    );
    if (!conversation) return { messageId, awaitingAssignment: false, reason: "conversation_gone" };
    const awaitingAssignment = !conversation.assigneeId && (conversation.status === "open" || conversation.status === "pending");
    return { messageId, awaitingAssignment };
  },
);
