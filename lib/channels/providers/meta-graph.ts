import "server-only";
import { randomInt } from "node:crypto";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { FieldProblem, ProviderProblem } from "../errors";

/**
 * The Graph API calls made while connecting Meta channels. Base URL and version
 * come from META_GRAPH_BASE_URL (tests point it at a fake Graph API on
 * loopback). Tokens travel in the Authorization header, except in the code
 * exchange, which Meta defines as a GET with client_secret in the query (the
 * request goes from this server to Meta only, never through a browser).
 */

const TIMEOUT_MS = 15_000;

const ZGraphError = z.object({
  error: z.object({ message: z.string().optional(), type: z.string().optional(), code: z.number().optional(), error_subcode: z.number().optional(), fbtrace_id: z.string().optional() }),
});

export type TGraphFailure = { status: number; code: number | null; subcode: number | null; message: string };

function graphUrl(path: string, query?: Record<string, string>): string {
  const base = env.META_GRAPH_BASE_URL.replace(/\/+$/, "");
  const url = new URL(`${base}/${path.replace(/^\/+/, "")}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

async function graphCall(method: "GET" | "POST", path: string, opts: { token?: string; query?: Record<string, string>; body?: unknown } = {}): Promise<{ ok: true; json: unknown } | { ok: false; failure: TGraphFailure }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(graphUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    log.warn("meta graph request failed", { path: path.split("?")[0], error: error instanceof Error ? error.message : String(error) });
    throw new ProviderProblem("Meta could not be reached. Try again in a minute.");
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, json };
  const parsed = ZGraphError.safeParse(json);
  const e = parsed.success ? parsed.data.error : undefined;
  return { ok: false, failure: { status: res.status, code: e?.code ?? null, subcode: e?.error_subcode ?? null, message: (e?.message ?? `HTTP ${res.status}`).slice(0, 300) } };
}

/** Graph error code 190: the access token is invalid or expired. 100/803: unknown object or no access to it. */
const isTokenError = (f: TGraphFailure) => f.code === 190 || f.status === 401;
const isObjectError = (f: TGraphFailure) => f.code === 100 || f.code === 803 || f.status === 404;

const ZTokenResponse = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().optional() });

/**
 * Embedded Signup: the `code` from FB.login becomes a business integration
 * system user access token (`GET /oauth/access_token?client_id&client_secret&code`).
 * Codes are single-use and short-lived.
 */
export async function exchangeEmbeddedSignupCode(code: string): Promise<string> {
  if (!env.META_APP_ID || !env.META_APP_SECRET) throw new ProviderProblem("WhatsApp Embedded Signup is not configured on this server.");
  const r = await graphCall("GET", "oauth/access_token", { query: { client_id: env.META_APP_ID, client_secret: env.META_APP_SECRET, code } });
  if (!r.ok) {
    log.warn("meta embedded signup code exchange refused", { status: r.failure.status, code: r.failure.code });
    throw new ProviderProblem(`Meta did not accept the sign-up (${r.failure.message}). Start again: sign-up codes can be used once and expire quickly.`);
  }
  const parsed = ZTokenResponse.safeParse(r.json);
  if (!parsed.success) throw new ProviderProblem("Meta answered the sign-up without an access token.");
  return parsed.data.access_token;
}

/** Subscribes this app to the WABA's webhooks (`POST /{waba-id}/subscribed_apps`); idempotent on Meta's side. */
export async function subscribeAppToWaba(wabaId: string, token: string): Promise<void> {
  const r = await graphCall("POST", `${wabaId}/subscribed_apps`, { token });
  if (!r.ok) {
    if (isTokenError(r.failure)) throw new FieldProblem("accessToken", "Meta refused this access token for the WhatsApp Business Account.");
    if (isObjectError(r.failure)) throw new FieldProblem("wabaId", "Meta does not know this WhatsApp Business Account id, or the token cannot manage it.");
    throw new ProviderProblem(`Meta refused to subscribe Sotto to the account's webhooks (${r.failure.message}).`);
  }
}

const ZPhoneNumber = z.object({
  id: z.string().optional(),
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  /** "CLOUD_API" once registered for the Cloud API; "NOT_APPLICABLE" before. */
  platform_type: z.string().optional(),
  status: z.string().optional(),
});
export type TPhoneNumberInfo = { displayPhoneNumber: string | null; verifiedName: string | null; platformType: string | null; status: string | null };

export async function phoneNumberInfo(phoneNumberId: string, token: string): Promise<TPhoneNumberInfo> {
  const r = await graphCall("GET", phoneNumberId, { token, query: { fields: "display_phone_number,verified_name,platform_type,status" } });
  if (!r.ok) {
    if (isTokenError(r.failure)) throw new FieldProblem("accessToken", "Meta refused this access token.");
    if (isObjectError(r.failure)) throw new FieldProblem("phoneNumberId", "Meta does not know this phone number id, or the token has no access to it.");
    throw new ProviderProblem(`Meta could not look up the phone number (${r.failure.message}).`);
  }
  const p = ZPhoneNumber.safeParse(r.json);
  const d = p.success ? p.data : {};
  return { displayPhoneNumber: d.display_phone_number ?? null, verifiedName: d.verified_name ?? null, platformType: d.platform_type ?? null, status: d.status ?? null };
}

/** Registers the number for the Cloud API with a new two-step verification PIN (`POST /{phone-number-id}/register`). Returns the PIN. */
export async function registerPhoneNumber(phoneNumberId: string, token: string): Promise<string> {
  const pin = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const r = await graphCall("POST", `${phoneNumberId}/register`, { token, body: { messaging_product: "whatsapp", pin } });
  if (!r.ok) throw new ProviderProblem(`Meta could not register the phone number for the Cloud API (${r.failure.message}).`);
  return pin;
}

/** Checks a Page (or Instagram account) token by reading the object's name: `GET /{id}?fields=name`. */
export async function validatePageToken(type: "messenger" | "instagram", objectId: string, token: string): Promise<string | null> {
  const fields = type === "instagram" ? "username,name" : "name";
  const r = await graphCall("GET", objectId, { token, query: { fields } });
  if (!r.ok) {
    if (isTokenError(r.failure)) throw new FieldProblem("pageAccessToken", "Meta refused this token (invalid or expired).");
    if (isObjectError(r.failure)) throw new FieldProblem("externalId", type === "instagram" ? "Meta does not know this Instagram account id, or the token has no access to it." : "Meta does not know this Page id, or the token has no access to it.");
    throw new ProviderProblem(`Meta could not check the token (${r.failure.message}).`);
  }
  const d = z.object({ name: z.string().optional(), username: z.string().optional() }).safeParse(r.json);
  return d.success ? (d.data.username ?? d.data.name ?? null) : null;
}

/** The Graph API version the browser SDK should use, from META_GRAPH_BASE_URL (`…/v21.0`). */
export function graphVersion(): string {
  return /\/(v\d+\.\d+)\/?$/.exec(env.META_GRAPH_BASE_URL)?.[1] ?? "v21.0";
}
