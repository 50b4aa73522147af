import "server-only";
import { listMemberships } from "@/lib/auth/memberships";
import { hasRole } from "@/lib/auth/roles";
import type { TSessionUser } from "@/lib/auth/session";
import { ActionError } from "@/lib/actions/errors";
import { log } from "@/lib/log";
import { verifyImapLogin } from "@/lib/email-channel/imap";
import { imapErrorMessage } from "@/lib/email-channel/poll-channel";
import { authorizationUrl, exchangeAuthorizationCode, oauthConfigured, oauthProvider, OAuthTokenError, type TOAuthProvider, type TOAuthProviderId } from "@/lib/email-channel/oauth";
import { connectChannel, type TAuditCtx, type TChannelActor } from "./store";
import { newPkce, OAUTH_COOKIE_PATH, OAUTH_COOKIE_PREFIX, signOAuthState, STATE_TTL_SEC, verifyOAuthState, type TStateFailure } from "./oauth-state";
import type { TStartEmailOAuth } from "./schemas";

/**
 * Gmail / Outlook mailbox connection by OAuth (authorisation code + PKCE).
 * `startEmailOAuth` (a server action) returns the provider's URL and the
 * verifier cookie; the provider redirects back to
 * /api/channels/oauth/{provider}/callback, which calls `completeEmailOAuth`.
 */

export type TOAuthCookie = { name: string; value: string; maxAge: number; path: string };

export const oauthCookieName = (provider: TOAuthProviderId) => `${OAUTH_COOKIE_PREFIX}${provider}`;

export function startEmailOAuth(actor: TChannelActor, input: TStartEmailOAuth, now: Date, provider: TOAuthProvider = oauthProvider(input.provider)): { url: string; cookie: TOAuthCookie } {
  if (!provider.clientId || !provider.clientSecret) throw new ActionError("invalid", `${provider.label} sign-in is not configured on this server.`);
  const pkce = newPkce();
  const state = signOAuthState({ p: provider.id, t: actor.tenant.id, u: actor.user.id, n: input.name, a: input.address, h: pkce.challenge }, now);
  return {
    url: authorizationUrl(provider, { state, codeChallenge: pkce.challenge, loginHint: input.address }),
    cookie: { name: oauthCookieName(provider.id), value: pkce.verifier, maxAge: STATE_TTL_SEC, path: OAUTH_COOKIE_PATH },
  };
}

export class OAuthFlowError extends Error {
  override readonly name = "OAuthFlowError";
  constructor(
    readonly code: TStateFailure | "not_admin" | "denied" | "token" | "no_refresh_token" | "mailbox" | "conflict" | "not_configured",
    message: string,
    /** Where to send the admin back to, when the tenant is known. */
    readonly tenantId: string | null = null,
  ) {
    super(message);
  }
}

const STATE_MESSAGES: Record<TStateFailure, string> = {
  malformed: "The sign-in response was not understood. Start again.",
  bad_signature: "The sign-in response was altered. Start again.",
  expired: "The sign-in took too long. Start again.",
  wrong_provider: "The sign-in response belongs to another provider. Start again.",
  wrong_user: "This sign-in was started by another account. Start again while signed in as yourself.",
  wrong_browser: "This sign-in was started in another browser (or its cookie expired). Start again here.",
};

export type TCompleteEmailOAuth = {
  providerId: TOAuthProviderId;
  code: string | null;
  state: string | null;
  /** The provider's `error` parameter (e.g. access_denied). */
  error: string | null;
  verifier: string | null;
  user: TSessionUser | null;
  ctx: TAuditCtx;
  now: Date;
  /** Test seam: provider endpoints and mail servers. */
  provider?: TOAuthProvider;
};

export async function completeEmailOAuth(p: TCompleteEmailOAuth): Promise<{ tenantId: string; channelId: string }> {
  const provider = p.provider ?? oauthProvider(p.providerId);
  const checked = verifyOAuthState(p.state ?? "", { provider: p.providerId, userId: p.user?.id ?? null, verifier: p.verifier, now: p.now });
  if (!checked.ok) throw new OAuthFlowError(checked.reason, STATE_MESSAGES[checked.reason]);
  const s = checked.state;
  const membership = (await listMemberships(p.user!.id)).find((m) => m.tenantId === s.t);
  if (!membership || !hasRole(membership.role, "admin")) throw new OAuthFlowError("not_admin", "Connecting channels needs the admin role.", membership ? s.t : null);
  if (p.error || !p.code) throw new OAuthFlowError("denied", `${provider.label} sign-in was cancelled${p.error ? ` (${p.error.slice(0, 60)})` : ""}.`, s.t);
  if (!p.provider && !oauthConfigured(p.providerId)) throw new OAuthFlowError("not_configured", `${provider.label} sign-in is not configured on this server.`, s.t);

  let tokens;
  try {
    tokens = await exchangeAuthorizationCode(provider, p.code, p.verifier!, p.now);
  } catch (error) {
    throw new OAuthFlowError("token", error instanceof OAuthTokenError ? error.message : `${provider.label} sign-in failed.`, s.t);
  }
  if (!tokens.refreshToken) throw new OAuthFlowError("no_refresh_token", `${provider.label} granted no offline access, so Sotto could not keep reading the mailbox. Start again and allow access.`, s.t);

  // XOAUTH2 with the typed address proves the token belongs to that mailbox.
  try {
    await verifyImapLogin(provider.imap, { user: s.a, accessToken: tokens.accessToken });
  } catch (error) {
    log.warn("oauth mailbox login failed", { provider: provider.id, tenantId: s.t, error: imapErrorMessage(error) });
    throw new OAuthFlowError("mailbox", `Signed in, but ${s.a} could not be opened with that account (${imapErrorMessage(error)}). Check the address and that IMAP is enabled for the mailbox.`, s.t);
  }

  const actor: TChannelActor = { user: { id: p.user!.id, email: p.user!.email }, role: membership.role, tenant: { id: s.t } };
  const server = (x: { host: string; port: number; secure: boolean }) => ({ ...x, user: s.a, pass: tokens.accessToken });
  try {
    const { id } = await connectChannel(
      actor,
      {
        type: "email",
        name: s.n,
        externalId: s.a,
        sandbox: false,
        settings: { auth: provider.id },
        credentials: {
          address: s.a,
          imap: server(provider.imap),
          smtp: server(provider.smtp),
          oauth: { provider: provider.id, refreshToken: tokens.refreshToken, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt },
        },
        webhookSecret: null,
        method: provider.id === "google" ? "oauth_google" : "oauth_microsoft",
      },
      p.ctx,
    );
    return { tenantId: s.t, channelId: id };
  } catch (error) {
    if (error instanceof ActionError) throw new OAuthFlowError("conflict", error.message, s.t);
    throw error;
  }
}
