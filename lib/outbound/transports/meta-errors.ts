import { permanent, retryAfterMs, transient, TransportError } from "./errors";

/**
 * Meta's Graph API error object (WhatsApp Cloud API and the Messenger/Instagram
 * Send API share it): `{ error: { message, type, code, error_subcode,
 * error_data: { details }, is_transient, fbtrace_id } }`.
 */
type TMetaError = {
  message?: string;
  type?: string;
  code?: number | string;
  error_subcode?: number | string;
  is_transient?: boolean;
  error_data?: { details?: string; messaging_product?: string } | string;
  error_user_msg?: string;
  fbtrace_id?: string;
};

/**
 * Codes Meta documents as temporary: throttling and "try again later" errors.
 * 1 API Unknown, 2 API Service, 4 app rate limit, 17 user rate limit, 32 page
 * rate limit, 341 application limit, 613 calls per time window, 80007 WABA rate
 * limit, 130429 Cloud API throughput, 131056 pair rate limit, 131000 something
 * went wrong, 131016 service unavailable, 133004 server temporarily
 * unavailable, 1200 Messenger temporary send failure.
 */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80007, 130429, 131056, 131000, 131016, 133004, 1200]);

function metaErrorOf(body: unknown): TMetaError | null {
  if (!body || typeof body !== "object" || !("error" in body)) return null;
  const e = (body as { error: unknown }).error;
  return e && typeof e === "object" ? (e as TMetaError) : null;
}

/** Turns a non-2xx Graph API response into a TransportError classified by Meta's code. */
export function metaTransportError(res: Response, body: unknown, now: Date): TransportError {
  const e = metaErrorOf(body);
  const httpStatus = res.status;
  const retryAfter = retryAfterMs(res.headers.get("retry-after"), now);
  if (!e || e.code === undefined) {
    const reason = `Meta answered HTTP ${httpStatus} without an error object`;
    return httpStatus === 429 || httpStatus >= 500
      ? transient(`http_${httpStatus}`, reason, { httpStatus, retryAfterMs: retryAfter })
      : permanent(`http_${httpStatus}`, reason, { httpStatus });
  }
  const code = Number(e.code);
  const details = typeof e.error_data === "object" ? e.error_data?.details : typeof e.error_data === "string" ? e.error_data : undefined;
  const reason = details || e.error_user_msg || e.message || `Meta error ${code}`;
  const provider = { code, subcode: e.error_subcode ?? null, type: e.type ?? null, message: e.message ?? null, details: details ?? null, fbtraceId: e.fbtrace_id ?? null };
  const isTransient = TRANSIENT_CODES.has(code) || e.is_transient === true || (httpStatus >= 500 && !Number.isFinite(code));
  return isTransient
    ? transient(String(e.code), reason, { httpStatus, retryAfterMs: retryAfter, provider })
    : permanent(String(e.code), reason, { httpStatus, provider });
}
