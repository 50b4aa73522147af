import type { Metadata } from "next";
import Link from "next/link";
import { Disclosure } from "@/components/marketing/security/disclosure";
import { SECURITY_TOPIC_LINKS, SecurityTopics } from "@/components/marketing/security/security-topics";
import { Container, PageIntro } from "@/components/marketing/ui";

export const metadata: Metadata = {
  title: "Security",
  description:
    "How Sotto protects data: PostgreSQL row-level security per tenant, AES-256-GCM with key rotation, a hash-chained audit log, signed webhooks, nonce-based CSP, magic-link sign-in and truncated IP addresses.",
};

export default function SecurityPage() {
  return (
    <>
      <PageIntro
        eyebrow="Security"
        title="Security you can check, not just trust"
        lead="This page explains the controls built into Sotto and what each one protects against. Where a control enforces a promise from our privacy policy, it is covered by automated tests."
      >
        <nav aria-label="On this page" className="mt-8">
          <ul className="flex flex-wrap gap-2">
            {[...SECURITY_TOPIC_LINKS, { id: "disclosure", label: "Responsible disclosure" }].map((t) => (
              <li key={t.id}>
                <Link href={`#${t.id}`} className="inline-block rounded-full bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:text-brand-700 hover:ring-brand-100">
                  {t.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </PageIntro>
      <Container className="space-y-12 py-16 sm:py-20">
        <SecurityTopics />
        <Disclosure />
      </Container>
    </>
  );
}
