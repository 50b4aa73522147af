import { eventType } from "inngest";
import { z } from "zod";

/**
 * Privacy center events (merged into EVENT_SCHEMAS in inngest/events.ts).
 * Payloads carry ids only: codes, identities and exported data never travel
 * through Inngest's event or step state.
 */
const ZId = z.string().min(1).max(200);

/** A verified-identity code must be generated and sent for this request. */
export const ZPrivacyCodeRequested = z.object({ tenantId: ZId, requestId: ZId });
/** The controller approved a request: fulfil it, one step per data store. */
export const ZPrivacyRequestApproved = z.object({ tenantId: ZId, requestId: ZId });
/** An admin asked for an export of what is left about an erased subject. */
export const ZPrivacyVerificationExport = z.object({ tenantId: ZId, requestId: ZId, exportId: ZId });

export const privacyCodeRequested = eventType("privacy.code_requested", { schema: ZPrivacyCodeRequested });
export const privacyRequestApproved = eventType("privacy.request_approved", { schema: ZPrivacyRequestApproved });
export const privacyVerificationExport = eventType("privacy.verification_export", { schema: ZPrivacyVerificationExport });

export const PRIVACY_EVENT_SCHEMAS = {
  "privacy.code_requested": ZPrivacyCodeRequested,
  "privacy.request_approved": ZPrivacyRequestApproved,
  "privacy.verification_export": ZPrivacyVerificationExport,
} as const;
