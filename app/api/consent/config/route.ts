import { route } from "@/lib/http/errors";
import { getConsentConfig } from "@/lib/consent/api";

export const dynamic = "force-dynamic";

/** The published consent policy for consent.js (public, cacheable, CORS for the config's allowed origins). */
export const GET = route(getConsentConfig);
