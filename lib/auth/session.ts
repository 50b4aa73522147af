import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "./config";

export type TSessionUser = { id: string; email: string; name: string | null };

/** The signed-in user for this request, or null. Cached per request. */
export const getSessionUser = cache(async (): Promise<TSessionUser | null> => {
  const session = await auth();
  const u = session?.user;
  if (!u?.id || !u.email) return null;
  return { id: u.id, email: u.email, name: u.name ?? null };
});

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * For pages: the signed-in user, or a redirect to sign-in that comes back here.
 * A session cookie without a live session means the session timed out, which
 * the sign-in page says instead of silently asking again.
 */
export async function requireUser(callbackPath?: string): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (user) return user;
  const jar = await cookies();
  const expired = SESSION_COOKIES.some((n) => jar.has(n));
  const params = new URLSearchParams();
  if (callbackPath) params.set("callbackUrl", callbackPath);
  if (expired) params.set("expired", "1");
  const qs = params.toString();
  redirect(qs ? `/sign-in?${qs}` : "/sign-in");
}
