import "server-only";
import { requestNow } from "@/lib/clock";
import { jsonError } from "@/lib/http/errors";
import { parseJsonBody } from "@/lib/security/body";
import { isOriginAllowed, normalizeOrigin } from "@/lib/widget/origins";
import { consentConfigByKey, ownOrigin, platformTenantId } from "./config";
import { countryFromRequest } from "./country";
import { consentCors, consentJson, consentPreflight, limitConsentByIp, limitRecordsByIp, unknownKey, withHeaders } from "./http";
import { consentReceipt } from "./receipt";
import { appendConsentRecord, latestChoiceOfUser } from "./records";
import { ZConsentId, ZConsentKey, ZRecordInput } from "./schemas";
import { uaFamily } from "./ua";

/** Route handlers of the public consent API (app/api/consent/*), kept here so routes stay one line. */

export const RECORD_MAX_BYTES = 8 * 1024;
// Revalidated on every load (a 304 by ETag is a few bytes): a newly published policy re-prompts at once.
const CONFIG_CACHE = "public, max-age=0, must-revalidate";

// Loaded on use: Auth.js needs Next's request scope, which only Sotto's own pages have.
const sessionUser = async () => (await import("@/lib/auth/session")).getSessionUser();

const keyParam = (request: Request) => new URL(request.url).searchParams.get("key") ?? "";

/** GET /api/consent/config?key=: the published policy. Public and cacheable; CORS only for allowed origins. */
export async function getConsentConfig(request: Request): Promise<Response> {
  const limited = await limitConsentByIp(request);
  if (limited) return limited;
  const key = ZConsentKey.safeParse(keyParam(request));
  if (!key.success) return jsonError(400, "invalid_key", "The key is not a consent key");
  const config = await consentConfigByKey(key.data);
  if (!config) return unknownKey();
  const cors = consentCors(request, config.allowedOrigins);
  const origin = request.headers.get("origin");
  if (origin !== null && !cors["Access-Control-Allow-Origin"] && normalizeOrigin(origin) !== ownOrigin()) {
    return jsonError(403, "origin_not_allowed", "This website is not allowed to use this consent configuration", undefined, { headers: { Vary: "Origin" } });
  }
  const etag = `"${config.fingerprint}"`;
  const headers = { ...cors, "Cache-Control": CONFIG_CACHE, ETag: etag };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return Response.json(
    { key: key.data, policyVersion: config.policyVersion, fingerprint: config.fingerprint, publishedAt: config.publishedAt.toISOString(), policy: config.policy, sync: config.isPlatform },
    { headers },
  );
}

export async function preflightConsentRecords(request: Request): Promise<Response> {
  return consentPreflight(request, async (key) => {
    if (!ZConsentKey.safeParse(key).success) return null;
    return (await consentConfigByKey(key))?.allowedOrigins ?? null;
  });
}

/**
 * POST /api/consent/records?key=: one visitor choice. Order of checks: the key
 * names a config (404), the Origin is one of its sites (403), the address has
 * budget left (429), the body is JSON (415), small (413) and well-formed (400),
 * the banner showed the current policy (409). Refusals write nothing.
 */
export async function postConsentRecord(request: Request): Promise<Response> {
  const key = keyParam(request);
  const config = ZConsentKey.safeParse(key).success ? await consentConfigByKey(key) : null;
  if (!config) {
    const limited = await limitRecordsByIp(request, {});
    return limited ?? unknownKey();
  }
  const cors = consentCors(request, config.allowedOrigins);
  const origin = callerOrigin(request, config.allowedOrigins, config.isPlatform);
  if (!origin) return jsonError(403, "origin_not_allowed", "This website is not allowed to record consent for this key", undefined, { headers: cors });
  const limited = await limitRecordsByIp(request, cors);
  if (limited) return limited;

  const body = await parseJsonBody(request, ZRecordInput, { maxBytes: RECORD_MAX_BYTES });
  if (!body.ok) return withHeaders(body.response, cors);
  if (body.data.key !== key) return jsonError(400, "key_mismatch", "The body names another key than the URL", undefined, { headers: cors });

  // Only Sotto's own pages carry the dashboard session; elsewhere no cookie is sent at all.
  const userId = config.isPlatform && origin === ownOrigin() ? ((await sessionUser())?.id ?? null) : null;
  const result = await appendConsentRecord(config, body.data, {
    origin,
    country: countryFromRequest(request.headers),
    uaFamily: uaFamily(request.headers.get("user-agent")),
    userId,
  });
  if (!result.ok) {
    if (result.status === 409) return consentJson({ error: result.error, message: "The consent banner showed an outdated policy; ask again", current: result.current }, 409, cors);
    return consentJson({ error: result.error, message: RULE_MESSAGES[result.error] }, 400, cors);
  }
  return consentJson({ receiptId: result.receiptId, chainPosition: result.seq.toString(), hash: result.hash, withdrawn: result.withdrawn }, result.status, cors);
}

const RULE_MESSAGES: Record<string, string> = {
  category_not_offered: "The choice grants a category this policy does not offer",
  gpc_conflict: "A Global Privacy Control signal refuses analytics and advertising",
  method_mismatch: "The selections do not match the method",
  nothing_to_withdraw: "A withdrawal must take back a category granted before",
};

/** The allowed origin a mutating request provably comes from, or null. */
function callerOrigin(request: Request, allowed: readonly string[], isPlatform: boolean): string | null {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const o = normalizeOrigin(origin);
    return o && isOriginAllowed(o, allowed) ? o : null;
  }
  // Same-origin requests on Sotto's own site may omit Origin; fetch metadata cannot be forged by pages.
  return isPlatform && request.headers.get("sec-fetch-site") === "same-origin" ? ownOrigin() : null;
}

/** GET /api/consent/receipt?key=&consentId=: the visitor's own records as a JSON download. */
export async function getConsentReceipt(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const limited = await limitRecordsByIp(request, {});
  if (limited) return limited;
  const key = ZConsentKey.safeParse(params.get("key") ?? "");
  const consentId = ZConsentId.safeParse(params.get("consentId") ?? "");
  if (!key.success || !consentId.success) return jsonError(400, "invalid_query", "key and consentId are required");
  const config = await consentConfigByKey(key.data);
  if (!config) return unknownKey();
  const cors = consentCors(request, config.allowedOrigins);
  const receipt = await consentReceipt(config.tenantId, consentId.data, await requestNow());
  if (!receipt) return jsonError(404, "no_records", "No consent was recorded with this consent id", undefined, { headers: cors });
  return new Response(JSON.stringify(receipt, null, 2), {
    headers: {
      ...cors,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="consent-receipt-${consentId.data.slice(0, 8)}.json"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** GET /api/consent/me: the signed-in user's latest choice on Sotto's own pages, so it follows them to other devices. */
export async function getMyConsent(): Promise<Response> {
  const user = await sessionUser();
  if (!user) return consentJson({ signedIn: false, choice: null }, 200, {});
  const tenantId = await platformTenantId();
  const latest = tenantId ? await latestChoiceOfUser(tenantId, user.id) : null;
  return consentJson(
    {
      signedIn: true,
      choice: latest
        ? { consentId: latest.consentId, fingerprint: latest.fingerprint, policyVersion: latest.policyVersion, method: latest.method, selections: latest.selections, gpc: latest.gpc, at: latest.createdAt.getTime() }
        : null,
    },
    200,
    {},
  );
}
