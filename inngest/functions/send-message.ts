import { NonRetriableError, RetryAfterError } from "inngest";
import { inngest } from "@/inngest/client";
import { messageSend } from "@/inngest/events";
import { attemptDelivery, recordAccepted } from "@/lib/outbound/deliver";
import { TransportError } from "@/lib/outbound/transports/errors";

/**
 * Sends one queued outbound message to its provider (lib/outbound/deliver.ts).
 * Step "send" asks the provider and is memoised, so a failure while recording
 * the result retries only the recording, never the send. Transient provider
 * errors (network, HTTP 429/5xx, Meta/Twilio rate limits) throw and are retried
 * with Inngest's backoff (Retry-After honoured); permanent ones are recorded as
 * `failed` with the provider's code and reason and end the run without retries.
 */
export const SEND_MESSAGE_RETRIES = 5;

export const sendMessage = inngest.createFunction(
  {
    id: "send-message",
    name: "Send outbound message",
    retries: SEND_MESSAGE_RETRIES,
    triggers: [{ event: messageSend }],
    // One run per message, however often the event is delivered (the status check and claim cover the rest).
    idempotency: "event.data.messageId",
  },
  async ({ event, step, runId, attempt, maxAttempts }) => {
    const { tenantId, messageId } = event.data;
    const outcome = await step.run("send", async () => {
      try {
        return await attemptDelivery(tenantId, messageId, { runId, attempt, maxAttempts: maxAttempts ?? SEND_MESSAGE_RETRIES + 1 });
      } catch (error) {
        if (error instanceof TransportError && error.kind === "transient" && error.extra.retryAfterMs) {
          throw new RetryAfterError(`${error.code}: ${error.message}`, error.extra.retryAfterMs, { cause: error });
        }
        throw error;
      }
    });
    if (outcome.outcome === "accepted") await step.run("record-sent", () => recordAccepted(tenantId, messageId, outcome));
    if (outcome.outcome === "failed") throw new NonRetriableError(`Message ${messageId} failed: ${outcome.code}: ${outcome.reason}`);
    return outcome;
  },
);
