import type { Metadata } from "next";
import { Suspense } from "react";
import { requireMember } from "@/lib/auth/guard";
import { loadInboxBootstrap } from "@/lib/inbox/bootstrap";
import { InboxApp } from "@/components/inbox/inbox-app";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { tenant, user, role } = await requireMember(slug, "analyst");
  const bootstrap = await loadInboxBootstrap(tenant.id);
  return (
    <Suspense>
      <InboxApp key={tenant.slug} tenant={tenant} me={{ id: user.id, name: user.name, email: user.email, role }} bootstrap={bootstrap} />
    </Suspense>
  );
}
