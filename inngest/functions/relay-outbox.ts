import { cron } from "inngest";
import { pruneSentOutbox, relayOutbox } from "@/lib/inbox/outbox-relay";
import { inngest } from "../client";

/**
 * Safety net for the transactional outbox: every minute, send whatever the
 * eager relay after each commit did not (Inngest was down, the process died).
 * Sends use each row's eventId as the Inngest event id, so overlapping relays
 * never trigger a function twice. Then prune rows sent more than a week ago.
 */
export const relayOutboxCron = inngest.createFunction(
  { id: "relay-outbox", name: "Relay outbox events", triggers: [cron("* * * * *")], retries: 0, concurrency: 1 },
  async ({ step }) => {
    const relayed = await step.run("relay", () => relayOutbox({ maxBatches: 100 }));
    const pruned = await step.run("prune", () => pruneSentOutbox());
    return { ...relayed, pruned };
  },
);
