import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { devMailboxEnabled, listDevEmails } from "@/lib/email/dev-outbox";
import { MailboxList } from "@/components/dev/mailbox-list";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<{ to?: string; id?: string }> }) {
  await connection();
  if (!devMailboxEnabled()) notFound();
  const { to, id } = await searchParams;
  const emails = await listDevEmails(typeof to === "string" ? to : undefined);
  return (
    <main className="mx-auto max-w-5xl p-6">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        Mail that Sotto would have sent. It is kept here because no <code>RESEND_API_KEY</code> is configured; this page does not exist in production.
      </p>
      <MailboxList emails={emails} selectedId={id} filter={to} />
    </main>
  );
}
