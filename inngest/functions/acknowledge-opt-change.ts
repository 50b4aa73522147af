import { inngest } from "@/inngest/client";
import { contactOptChanged } from "@/inngest/events";
import { acknowledgeOptChange } from "@/lib/outbound/opt-ack";

/**
 * Confirms an opt-out or opt-in keyword to the contact, once
 * (lib/outbound/opt-ack.ts). Triggered by ingest's `contact.opt_changed`,
 * which is written in the same transaction as the keyword message and its
 * ContactOptIn row (acknowledged = false).
 */
export const acknowledgeOptChangeFn = inngest.createFunction(
  { id: "acknowledge-opt-change", name: "Acknowledge opt-out / opt-in", retries: 5, triggers: [{ event: contactOptChanged }] },
  async ({ event, step }) => {
    const d = event.data;
    return step.run("queue-acknowledgement", () =>
      acknowledgeOptChange({ tenantId: d.tenantId, contactId: d.contactId, channelType: d.channelType, conversationId: d.conversationId, messageId: d.messageId, status: d.status }),
    );
  },
);
