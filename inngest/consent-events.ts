import { eventType } from "inngest";
import { z } from "zod";

/**
 * Consent manager events (spread into EVENT_SCHEMAS in ./events.ts).
 * `consent.withdrawn`: a consent record took back categories; lib/consent/records.ts
 * queued one ConsentWebhookDelivery per vendor of those categories in the same transaction.
 */
export const ZConsentWithdrawn = z.object({ tenantId: z.string().min(1).max(200), recordId: z.string().min(1).max(200) });
export type TConsentWithdrawn = z.infer<typeof ZConsentWithdrawn>;

export const consentWithdrawn = eventType("consent.withdrawn", { schema: ZConsentWithdrawn });

export const CONSENT_EVENT_SCHEMAS = { "consent.withdrawn": ZConsentWithdrawn } as const;
