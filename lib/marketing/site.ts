/** Navigation, contacts and document dates shared by the marketing layout and legal pages. */

export type TNavLink = { href: string; label: string };

export const PRIMARY_NAV: readonly TNavLink[] = [
  { href: "/features", label: "Features" },
  { href: "/pricing", label: "Pricing" },
  { href: "/security", label: "Security" },
];

export const LEGAL_NAV: readonly TNavLink[] = [
  { href: "/legal/privacy", label: "Privacy policy" },
  { href: "/legal/cookies", label: "Cookie policy" },
  { href: "/legal/subprocessors", label: "Sub-processors" },
  { href: "/legal/dpa", label: "Data processing agreement" },
];

export const SIGN_IN_HREF = "/sign-in";
export const PRIVACY_CENTER_HREF = "/privacy-center";

export const COMPANY = {
  name: "Sotto",
  legalEntity: "Sotto (placeholder legal entity, Rome, Italy)",
  city: "Rome, Italy",
  privacyEmail: "privacy@sotto.test",
  securityEmail: "security@sotto.test",
  supportEmail: "support@sotto.test",
  supervisoryAuthority: "Garante per la protezione dei dati personali",
} as const;

/** ISO dates; bump when a legal text changes materially, since customers get notice of those changes. */
export const LEGAL_UPDATED = {
  privacy: "2026-11-23",
  cookies: "2026-11-23",
  subprocessors: "2026-11-23",
  dpa: "2026-11-23",
} as const;

export function formatLegalDate(iso: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}
