import { z } from "zod";

export const PRIVACY_REQUEST_TYPES = ["access", "portability", "rectification", "erasure", "restriction", "objection", "consent_withdrawal"] as const;
export const ZPrivacyRequestType = z.enum(PRIVACY_REQUEST_TYPES);
export type TPrivacyRequestType = z.infer<typeof ZPrivacyRequestType>;

export const REQUEST_TYPE_LABELS: Record<TPrivacyRequestType, { title: string; description: string }> = {
  access: { title: "Get a copy of my data", description: "Everything we hold about you, as a download (JSON and CSV per data store)." },
  portability: { title: "Move my data elsewhere", description: "The data you gave us in machine-readable JSON and CSV, to take to another service." },
  rectification: { title: "Correct my data", description: "Tell us what is wrong or incomplete and what it should say." },
  erasure: { title: "Delete my data", description: "Erase your conversations, contact details and logs, except what the law requires us to keep." },
  restriction: { title: "Restrict processing", description: "Keep your data but stop automated processing and messages, except the reply to this request." },
  objection: { title: "Object to processing", description: "Object to profiling for marketing, or to direct marketing messages." },
  consent_withdrawal: { title: "Withdraw consent", description: "Withdraw a consent you gave, such as to receive marketing messages." },
};

export const OBJECTION_SCOPES = ["profiling", "direct_marketing"] as const;

const ZText = (max: number) => z.string().trim().max(max, `Keep this under ${max} characters.`);

/** What each type needs besides the identity. Stored in PrivacyRequest.details. */
export const ZPrivacyRequestDetails = z.discriminatedUnion("type", [
  z.object({ type: z.literal("access") }),
  z.object({ type: z.literal("portability") }),
  z.object({ type: z.literal("rectification"), correction: ZText(2000).min(5, "Describe what should be corrected (at least 5 characters).") }),
  z.object({ type: z.literal("erasure") }),
  z.object({ type: z.literal("restriction"), reason: ZText(1000).optional() }),
  z.object({ type: z.literal("objection"), scope: z.enum(OBJECTION_SCOPES), reason: ZText(1000).optional() }),
  z.object({ type: z.literal("consent_withdrawal"), purpose: ZText(200).min(2, "Say which consent you withdraw.") }),
]);
export type TPrivacyRequestDetails = z.infer<typeof ZPrivacyRequestDetails>;

export const ZTenantSlug = z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/);

export const ZSubmitPrivacyRequest = z.object({
  tenantSlug: ZTenantSlug,
  identity: z.string().trim().min(3, "Enter the email address or phone number we know you by.").max(320),
  details: ZPrivacyRequestDetails,
});
export type TSubmitPrivacyRequest = z.infer<typeof ZSubmitPrivacyRequest>;

export const ZVerifyPrivacyCode = z.object({
  tenantSlug: ZTenantSlug,
  handle: z.string().regex(/^[A-Za-z0-9_-]{32}$/, "This link is not valid."),
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code."),
});

export const ZRequestId = z.string().min(1).max(64);

export const ZRefuseRequest = z.object({
  requestId: ZRequestId,
  reason: ZText(2000).min(10, "Give the reason (at least 10 characters); it is sent to the requester."),
});

export const ZExtendRequest = z.object({
  requestId: ZRequestId,
  months: z.coerce.number().int().min(1).max(2),
  reason: ZText(2000),
});

export const ZApproveRequest = z.object({
  requestId: ZRequestId,
  /** Rectification: what the admin corrected (sent to the requester). */
  note: ZText(2000).optional(),
});
