import "server-only";
import { publish, type TRealtimeEvent } from "@/lib/realtime/bus";
import { log } from "@/lib/log";

/**
 * Publishes live-update deltas once the transaction that produced them has
 * committed. A failed publish never fails the action: the change is saved, and
 * browsers catch up when they next load or reconnect.
 */
export async function publishAll(tenantId: string, events: TRealtimeEvent[]): Promise<void> {
  for (const event of events) {
    try {
      await publish(tenantId, event);
    } catch (error) {
      log.warn("inbox live update not published", { type: event.type, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

export const conversationUpdated = (conversationId: string): TRealtimeEvent => ({ type: "conversation.updated", conversationId });
export const messageCreated = (conversationId: string, messageId: string): TRealtimeEvent => ({ type: "message.created", conversationId, messageId });
export const mentionCreated = (conversationId: string, messageId: string, userId: string): TRealtimeEvent => ({ type: "mention.created", conversationId, messageId, userId });
