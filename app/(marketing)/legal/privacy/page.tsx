import type { Metadata } from "next";
import Link from "next/link";
import { LegalDocument } from "@/components/marketing/legal/legal-document";
import { PRIVACY_SECTIONS } from "@/components/marketing/legal/privacy-policy";
import { LEGAL_UPDATED, PRIVACY_CENTER_HREF } from "@/lib/marketing/site";

export const metadata: Metadata = {
  title: "Privacy policy",
  description:
    "What personal data Sotto processes as controller and as processor, why, on what legal basis, for how long, who receives it, and how to exercise your rights.",
};

export default function PrivacyPolicyPage() {
  return (
    <LegalDocument
      title="Privacy policy"
      updated={LEGAL_UPDATED.privacy}
      sections={PRIVACY_SECTIONS}
      summary={
        <p>
          <strong className="text-ink">In short:</strong> we collect little, keep it for fixed periods that our software enforces, never sell it and
          never use your conversations to train AI. Businesses using Sotto control their customers&rsquo; data; we process it on their
          instructions. You can see, export or erase your data in the <Link href={PRIVACY_CENTER_HREF} className="font-medium text-brand-700 underline">privacy center</Link>.
        </p>
      }
    />
  );
}
