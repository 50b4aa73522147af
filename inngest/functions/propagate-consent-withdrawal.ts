import { NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { consentWithdrawn } from "@/inngest/consent-events";
import { attemptWithdrawalDelivery, pendingDeliveryIds } from "@/lib/consent/webhook";

/**
 * Tells each vendor of a withdrawn category that the visitor took consent back
 * (signed webhook, lib/consent/webhook.ts). One step per vendor, so a vendor
 * that answered is never called again when another one is retried. Transient
 * failures throw and are retried with Inngest's backoff; the last attempt, and
 * any permanent failure, leave the delivery marked `failed` with its reason,
 * shown per vendor on the consent log page.
 */
export const PROPAGATE_WITHDRAWAL_RETRIES = 5;

export const propagateConsentWithdrawal = inngest.createFunction(
  {
    id: "propagate-consent-withdrawal",
    name: "Propagate consent withdrawal to vendors",
    retries: PROPAGATE_WITHDRAWAL_RETRIES,
    triggers: [{ event: consentWithdrawn }],
    idempotency: "event.data.recordId",
  },
  async ({ event, step, attempt, maxAttempts }) => {
    const { tenantId, recordId } = event.data;
    const ids = await step.run("list-deliveries", () => pendingDeliveryIds(tenantId, recordId));
    const outcomes: Record<string, string> = {};
    for (const id of ids) {
      const outcome = await step.run(`deliver-${id}`, async () => {
        const final = attempt + 1 >= (maxAttempts ?? PROPAGATE_WITHDRAWAL_RETRIES + 1);
        const r = await attemptWithdrawalDelivery(tenantId, id, { final });
        if (r.status === "retry") throw new Error(`delivery ${id}: ${r.error ?? "transient failure"}`);
        return r;
      });
      outcomes[id] = outcome.status;
    }
    if (Object.values(outcomes).includes("failed")) throw new NonRetriableError(`Withdrawal ${recordId}: some vendors could not be notified (see ConsentWebhookDelivery)`);
    return outcomes;
  },
);
