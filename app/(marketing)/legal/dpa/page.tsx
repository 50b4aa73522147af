import type { Metadata } from "next";
import { DPA_LIFECYCLE_SECTIONS } from "@/components/marketing/legal/dpa/lifecycle";
import { DPA_OBLIGATION_SECTIONS } from "@/components/marketing/legal/dpa/obligations";
import { LegalDocument } from "@/components/marketing/legal/legal-document";
import { LEGAL_UPDATED } from "@/lib/marketing/site";

export const metadata: Metadata = {
  title: "Data processing agreement",
  description:
    "Summary of Sotto's data processing agreement: controller and processor roles, instructions, confidentiality, sub-processors, security, assistance, breach notification, deletion, audits and transfers.",
};

const SECTIONS = [...DPA_OBLIGATION_SECTIONS, ...DPA_LIFECYCLE_SECTIONS];

export default function DpaPage() {
  return (
    <LegalDocument
      title="Data processing agreement"
      updated={LEGAL_UPDATED.dpa}
      sections={SECTIONS}
      summary={
        <p>
          <strong className="text-ink">In short:</strong> you decide what happens to your customers&rsquo; data and we follow your instructions. This
          page summarises the commitments in our DPA under Article 28 GDPR; the signed agreement is the binding text.
        </p>
      }
    />
  );
}
