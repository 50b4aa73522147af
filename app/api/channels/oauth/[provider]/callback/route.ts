import { cookies, headers } from "next/headers";
import { NextResponse } from "next/server";
import { route } from "@/lib/http/errors";
import { getSessionUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/auth/memberships";
import { requestContextFrom } from "@/lib/http/request-context";
import { env } from "@/lib/env";
import { now } from "@/lib/clock";
import { completeEmailOAuth, oauthCookieName, OAuthFlowError } from "@/lib/channels/email-oauth";
import { OAUTH_COOKIE_PATH } from "@/lib/channels/oauth-state";
import { ZEmailOAuthProvider } from "@/lib/channels/schemas";

/**
 * Where Google / Microsoft send the admin back after consent. Everything is
 * checked in completeEmailOAuth (signed state, same user and browser, admin
 * role); the admin lands on the new channel, or back on the email connect page
 * with the reason. The verifier cookie is single-use: deleted either way.
 */
export const GET = route(async (request: Request, { params }: { params: Promise<{ provider: string }> }) => {
  const provider = ZEmailOAuthProvider.safeParse((await params).provider);
  if (!provider.success) return new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const q = url.searchParams;
  const jar = await cookies();
  const cookieName = oauthCookieName(provider.data);
  const verifier = jar.get(cookieName)?.value ?? null;
  const user = await getSessionUser();

  const slugOf = async (tenantId: string | null) => (tenantId && user ? ((await listMemberships(user.id)).find((m) => m.tenantId === tenantId)?.tenantSlug ?? null) : null);
  let target: string;
  try {
    const done = await completeEmailOAuth({
      providerId: provider.data,
      code: q.get("code"),
      state: q.get("state"),
      error: q.get("error"),
      verifier,
      user,
      ctx: requestContextFrom(await headers()),
      now: now(),
    });
    target = `/t/${await slugOf(done.tenantId)}/settings/channels/${done.channelId}?connected=1`;
  } catch (error) {
    if (!(error instanceof OAuthFlowError)) throw error;
    const slug = await slugOf(error.tenantId);
    const back = slug ? `/t/${slug}/settings/channels/new/email` : "/app";
    target = `${back}?oauthError=${encodeURIComponent(error.message)}`;
  }
  const response = NextResponse.redirect(new URL(target, env.APP_URL), 303);
  response.cookies.set(cookieName, "", { path: OAUTH_COOKIE_PATH, maxAge: 0 });
  return response;
});
