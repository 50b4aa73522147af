import { route } from "@/lib/http/errors";
import { getConsentReceipt } from "@/lib/consent/api";

export const dynamic = "force-dynamic";

/** A visitor downloads their own consent receipt (records, hashes, chain positions). */
export const GET = route(getConsentReceipt);
