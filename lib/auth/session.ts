import "server-only";
import { cache } from "react";
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

/** For pages: the signed-in user, or a redirect to sign-in that comes back here. */
export async function requireUser(callbackPath?: string): Promise<TSessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(callbackPath ? `/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}` : "/sign-in");
  return user;
}
