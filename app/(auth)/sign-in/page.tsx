import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getSessionUser } from "@/lib/auth/session";
import { ZCallbackPath } from "@/lib/auth/schemas";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = ZCallbackPath.parse(typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined);
  if (await getSessionUser()) redirect(callbackUrl ?? "/app");
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in to Sotto</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">
        No password: we email you a link that signs you in. New here? The same link creates your account.
      </p>
      {sp.signedOut ? (
        <p role="status" className="mb-4 rounded-md bg-slate-100 p-3 text-sm text-slate-700">
          You have been signed out.
        </p>
      ) : null}
      {sp.expired ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Your session ended after a period of inactivity. Sign in again to continue.
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} />
    </>
  );
}
