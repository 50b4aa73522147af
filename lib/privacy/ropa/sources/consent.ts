import { CATEGORIES } from "@/lib/consent/categories";
import type { TVendor } from "@/lib/consent/schemas";
import { platformRecipients } from "../platform-recipients";
import { defineActivitySource, SECURITY, sotto, type TProcessingContext, type TRecipient } from "../registry";

const cookieList = (v: TVendor) =>
  v.cookies.length ? `Cookies: ${v.cookies.map((c) => `${c.name}${c.durationDays === null ? " (session)" : ` (${c.durationDays} days)`}`).join(", ")}` : "No cookies declared";

/**
 * The consent manager on the workspace's websites: each vendor of an offered
 * category (from the published consent policy) is a recipient once the
 * visitor allows that category; the proof-of-consent log is Sotto's to keep.
 */
export const consentSource = defineActivitySource({
  name: "consent",
  activities(ctx: TProcessingContext) {
    const policy = ctx.consentPolicy;
    if (!policy) return [];
    const proofData = ["Random consent id", "Choices with policy version and fingerprint", "Country (the IP address is not stored)", "Browser family"];
    const proofRetention = "Per the cookie policy; the append-only chain is kept as proof of consent (Art. 7(1))";
    const vendors: TRecipient[] = [];
    const categories: string[] = [];
    for (const c of CATEGORIES) {
      const cfg = policy.categories[c];
      if (c !== "necessary" && !cfg.enabled) continue;
      categories.push(cfg.name.en);
      for (const v of cfg.vendors) {
        vendors.push({
          name: v.name,
          role: c === "necessary" ? "Recipient on the workspace's website (strictly necessary)" : `Recipient on the workspace's website, after consent to ${cfg.name.en.toLowerCase()}`,
          region: "As stated by the vendor",
          transferMechanism: v.privacyUrl ? `As stated in the vendor's privacy notice (${v.privacyUrl})` : "As stated by the vendor",
          dataCategories: [v.purposes.en, cookieList(v)],
          retention: v.retentionDays === null ? "Not stated by the vendor" : `${v.retentionDays} days (stated by the vendor)`,
        });
      }
    }
    return [
      {
        id: "consent-website-cookies",
        name: `Cookies and similar technologies on ${ctx.controller}'s websites`,
        purpose: `Running the website and, with the visitor's consent, ${categories.filter((n) => n !== policy.categories.necessary.name.en).join(", ").toLowerCase() || "nothing else"}`,
        legalBasis: "Consent (Art. 6(1)(a), ePrivacy Art. 5(3)); strictly necessary cookies need none",
        controller: ctx.controller,
        processor: "Sotto (consent manager)",
        dataSubjects: `Visitors of ${ctx.controller}'s websites`,
        dataCategories: ["Cookie identifiers", "Browsing data as each vendor's purpose describes"],
        recipients: vendors,
        retention: "Each cookie's lifetime as listed in the cookie policy",
        security: SECURITY,
      },
      {
        id: "consent-proof",
        name: "Proof of consent (consent log)",
        purpose: "Demonstrating which choice each visitor made, on which policy version",
        legalBasis: "Legal obligation to demonstrate consent (Art. 6(1)(c) with Art. 7(1))",
        controller: ctx.controller,
        processor: "Sotto",
        dataSubjects: `Visitors of ${ctx.controller}'s websites`,
        dataCategories: proofData,
        recipients: [sotto(proofData, proofRetention), ...platformRecipients(ctx, { jobs: true }, proofRetention)],
        retention: proofRetention,
        security: SECURITY,
      },
    ];
  },
});
