import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Gmail and Outlook mailboxes over IMAP/SMTP with OAuth 2.0 (SASL XOAUTH2),
 * so no mailbox password is ever stored.
 *
 * Scopes, the minimum each provider offers for IMAP and SMTP access:
 * - Google: `https://mail.google.com/`. Gmail's IMAP and SMTP servers accept
 *   XOAUTH2 only with this scope; the narrower Gmail API scopes (gmail.readonly,
 *   gmail.send, gmail.modify) are not valid for IMAP/SMTP. It is a restricted
 *   scope: a production Google app needs verification for it.
 * - Microsoft: `IMAP.AccessAsUser.All` and `SMTP.Send` on outlook.office.com,
 *   plus `offline_access` for a refresh token.
 * No profile/openid scope is requested: the admin types the mailbox address,
 * and the IMAP login with the new token proves it (XOAUTH2 fails for any
 * other address).
 */

export type TOAuthProviderId = "google" | "microsoft";

export type TOAuthEndpoints = { authorizeUrl: string; tokenUrl: string };

export type TOAuthProvider = {
  id: TOAuthProviderId;
  label: string;
  scope: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  endpoints: TOAuthEndpoints;
  /** Extra authorisation parameters (Google issues a refresh token only with offline access and consent). */
  authorizeParams: Record<string, string>;
  imap: { host: string; port: number; secure: boolean };
  smtp: { host: string; port: number; secure: boolean };
};

export function oauthProvider(id: TOAuthProviderId): TOAuthProvider {
  if (id === "google") {
    return {
      id,
      label: "Gmail",
      scope: "https://mail.google.com/",
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      endpoints: { authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth", tokenUrl: "https://oauth2.googleapis.com/token" },
      authorizeParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "false" },
      imap: { host: "imap.gmail.com", port: 993, secure: true },
      smtp: { host: "smtp.gmail.com", port: 465, secure: true },
    };
  }
  const tenant = env.MICROSOFT_TENANT;
  return {
    id,
    label: "Outlook",
    scope: "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access",
    clientId: env.MICROSOFT_CLIENT_ID,
    clientSecret: env.MICROSOFT_CLIENT_SECRET,
    endpoints: {
      authorizeUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
      tokenUrl: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
    },
    authorizeParams: { prompt: "select_account", response_mode: "query" },
    imap: { host: "outlook.office365.com", port: 993, secure: true },
    smtp: { host: "smtp.office365.com", port: 587, secure: false },
  };
}

export function oauthConfigured(id: TOAuthProviderId): boolean {
  const p = oauthProvider(id);
  return Boolean(p.clientId && p.clientSecret);
}

export const redirectUri = (id: TOAuthProviderId) => new URL(`/api/channels/oauth/${id}/callback`, env.APP_URL).toString();

export function authorizationUrl(p: TOAuthProvider, opts: { state: string; codeChallenge: string; loginHint: string }): string {
  const url = new URL(p.endpoints.authorizeUrl);
  const params: Record<string, string> = {
    client_id: p.clientId ?? "",
    redirect_uri: redirectUri(p.id),
    response_type: "code",
    scope: p.scope,
    state: opts.state,
    code_challenge: opts.codeChallenge,
    code_challenge_method: "S256",
    login_hint: opts.loginHint,
    ...p.authorizeParams,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export class OAuthTokenError extends Error {
  override readonly name = "OAuthTokenError";
  constructor(
    /** OAuth error code (`invalid_grant`: the grant was revoked or expired; reconnect). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const ZTokens = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.coerce.number().int().positive().optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});
export type TTokens = { accessToken: string; refreshToken: string | null; expiresAt: number; scope: string | null };

async function tokenRequest(p: TOAuthProvider, body: Record<string, string>, now: Date): Promise<TTokens> {
  let res: Response;
  try {
    res = await fetch(p.endpoints.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ client_id: p.clientId ?? "", client_secret: p.clientSecret ?? "", ...body }).toString(),
      signal: AbortSignal.timeout(15_000),
      cache: "no-store",
    });
  } catch (error) {
    throw new OAuthTokenError("unreachable", `${p.label} sign-in could not be reached (${error instanceof Error ? error.message : "network error"}).`);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = z.object({ error: z.string().optional(), error_description: z.string().optional() }).safeParse(json);
    const code = (e.success && e.data.error) || `http_${res.status}`;
    log.warn("oauth token request refused", { provider: p.id, status: res.status, code });
    throw new OAuthTokenError(code, `${p.label} refused the sign-in (${code}).`);
  }
  const t = ZTokens.safeParse(json);
  if (!t.success) throw new OAuthTokenError("malformed", `${p.label} answered without an access token.`);
  return {
    accessToken: t.data.access_token,
    refreshToken: t.data.refresh_token ?? null,
    expiresAt: now.getTime() + (t.data.expires_in ?? 3600) * 1000,
    scope: t.data.scope ?? null,
  };
}

export function exchangeAuthorizationCode(p: TOAuthProvider, code: string, codeVerifier: string, now: Date): Promise<TTokens> {
  return tokenRequest(p, { grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri(p.id) }, now);
}

export function refreshAccessToken(p: TOAuthProvider, refreshToken: string, now: Date): Promise<TTokens> {
  return tokenRequest(p, { grant_type: "refresh_token", refresh_token: refreshToken, ...(p.id === "microsoft" ? { scope: p.scope } : {}) }, now);
}
