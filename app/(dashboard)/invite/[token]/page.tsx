import type { Metadata } from "next";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { findInvitation } from "@/lib/members/invitations";
import { ZInvitationToken } from "@/lib/members/schemas";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { AcceptInvitationButton } from "@/components/members/accept-invitation-button";

export const metadata: Metadata = { title: "Invitation", robots: { index: false } };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const parsed = ZInvitationToken.safeParse({ token });
  const inv = parsed.success ? await findInvitation(parsed.data.token) : null;
  const user = await getSessionUser();
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4">
      <div className="rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
        {!inv ? (
          <Message title="Invitation not found" body="This invitation link is not valid. Ask the workspace admin to send a new one." />
        ) : inv.state !== "pending" ? (
          <Message title={`This invitation is ${inv.state}`} body="Ask the workspace admin to send a new one." />
        ) : !user ? (
          <>
            <h1 className="text-xl font-semibold">Join {inv.tenantName}</h1>
            <p className="mt-2 text-slate-600">You were invited as {ROLE_LABELS[inv.role].toLowerCase()}. Sign in with {inv.email} to accept.</p>
            <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`} className="mt-6 inline-block rounded-lg bg-brand-600 px-4 py-2 font-medium text-white">
              Sign in to accept
            </Link>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Join {inv.tenantName}</h1>
            <p className="mt-2 text-slate-600">
              You were invited as {ROLE_LABELS[inv.role].toLowerCase()}. You are signed in as {user.email}.
            </p>
            <AcceptInvitationButton token={token} />
          </>
        )}
      </div>
    </main>
  );
}

function Message({ title, body }: { title: string; body: string }) {
  return (
    <div role="alert">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-slate-600">{body}</p>
    </div>
  );
}
