import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, { title: string; body: string }> = {
  Verification: {
    title: "This sign-in link can't be used",
    body: "It has expired or was already used. Links work once and for 10 minutes. Request a new one below.",
  },
  AccessDenied: { title: "Access denied", body: "You don't have access with this account." },
  Configuration: { title: "Sign-in is unavailable", body: "Sign-in is misconfigured on this server. Please contact support." },
};

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const msg = MESSAGES[error ?? ""] ?? { title: "Sign-in failed", body: "Something went wrong while signing you in. Please try again." };
  return (
    <div role="alert">
      <h1 className="text-xl font-semibold">{msg.title}</h1>
      <p className="mt-2 text-sm text-slate-600">{msg.body}</p>
      <Link href="/sign-in" className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
        Get a new sign-in link
      </Link>
    </div>
  );
}
