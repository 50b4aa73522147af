import { route } from "@/lib/http/errors";
import { getMyConsent } from "@/lib/consent/api";

export const dynamic = "force-dynamic";

/** The signed-in dashboard user's latest choice on Sotto's own pages (same origin only: no CORS). */
export const GET = route(getMyConsent);
