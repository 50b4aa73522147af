import type { Metadata } from "next";
import { COOKIE_SECTIONS } from "@/components/marketing/legal/cookie-policy";
import { LegalDocument } from "@/components/marketing/legal/legal-document";
import { LEGAL_UPDATED } from "@/lib/marketing/site";

export const metadata: Metadata = {
  title: "Cookie policy",
  description: "Sotto's website sets no cookies. The dashboard sets only strictly necessary sign-in and CSRF cookies, listed here with purpose and duration.",
};

export default function CookiePolicyPage() {
  return (
    <LegalDocument
      title="Cookie policy"
      updated={LEGAL_UPDATED.cookies}
      sections={COOKIE_SECTIONS}
      summary={
        <p>
          <strong className="text-ink">In short:</strong> this website sets no cookies. The dashboard sets only the cookies needed to sign you in
          securely. There are no analytics or advertising cookies, and none will be added without asking you first.
        </p>
      }
    />
  );
}
