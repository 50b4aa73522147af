import type { Metadata } from "next";
import { LegalDocument } from "@/components/marketing/legal/legal-document";
import { SUBPROCESSOR_SECTIONS } from "@/components/marketing/legal/subprocessor-policy";
import { LEGAL_UPDATED } from "@/lib/marketing/site";

export const metadata: Metadata = {
  title: "Sub-processors",
  description: "The service providers that may process personal data for Sotto, with purpose, region, data categories and transfer mechanism for each.",
};

export default function SubprocessorsPage() {
  return (
    <LegalDocument
      title="Sub-processors"
      updated={LEGAL_UPDATED.subprocessors}
      sections={SUBPROCESSOR_SECTIONS}
      wide
      summary={
        <p>
          <strong className="text-ink">In short:</strong> a short list of providers, each under a written data-processing contract. Several are
          used only when a workspace connects a channel or enables AI, and customers hear about any change 30 days in advance.
        </p>
      }
    />
  );
}
