import { route } from "@/lib/http/errors";
import { postConsentRecord, preflightConsentRecords } from "@/lib/consent/api";

export const dynamic = "force-dynamic";

/** Proof of consent: one visitor choice, appended to the tenant's consent chain. */
export const POST = route(postConsentRecord, { origin: { skip: "consent-config-origins" } });
export const OPTIONS = route(preflightConsentRecords);
