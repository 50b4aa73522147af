import Link from "next/link";
import { COMPANY, LEGAL_NAV, PRIMARY_NAV, PRIVACY_CENTER_HREF, SIGN_IN_HREF, type TNavLink } from "@/lib/marketing/site";
import { Logo } from "./logo";
import { Container } from "./ui";

const COLUMNS: Array<{ title: string; links: readonly TNavLink[] }> = [
  { title: "Product", links: [...PRIMARY_NAV, { href: SIGN_IN_HREF, label: "Sign in" }] },
  { title: "Legal", links: LEGAL_NAV },
  {
    title: "Your data",
    links: [
      { href: PRIVACY_CENTER_HREF, label: "Privacy center" },
      { href: `mailto:${COMPANY.privacyEmail}`, label: COMPANY.privacyEmail },
      { href: `mailto:${COMPANY.securityEmail}`, label: COMPANY.securityEmail },
    ],
  },
];

export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-slate-50">
      <Container className="py-14">
        <div className="grid gap-10 md:grid-cols-[1.4fr_repeat(3,1fr)]">
          <div className="max-w-xs">
            <Logo />
            <p className="mt-4 text-sm leading-6 text-slate-600">
              One inbox for every channel, AI agents that know when to step aside, and privacy rules your code enforces.
            </p>
          </div>
          {COLUMNS.map((col) => (
            <nav key={col.title} aria-labelledby={`footer-${col.title.toLowerCase().replace(/\s+/g, "-")}`}>
              <h2 id={`footer-${col.title.toLowerCase().replace(/\s+/g, "-")}`} className="text-sm font-semibold text-ink">
                {col.title}
              </h2>
              <ul className="mt-4 space-y-3">
                {col.links.map((link) => (
                  <li key={link.href}>
                    {link.href.startsWith("mailto:") ? (
                      <a href={link.href} className="text-sm break-all text-slate-600 hover:text-brand-700 hover:underline">
                        {link.label}
                      </a>
                    ) : (
                      <Link href={link.href} className="text-sm text-slate-600 hover:text-brand-700 hover:underline">
                        {link.label}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          ))}
        </div>
        <div className="mt-12 flex flex-col gap-2 border-t border-slate-200 pt-8 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between">
          <p>
            © {new Date().getUTCFullYear()} {COMPANY.legalEntity}
          </p>
          <p>
            This website loads nothing from third parties and sets one cookie only once you choose.{" "}
            <button type="button" data-sotto-consent-open className="font-medium text-brand-700 underline hover:text-ink">
              Cookie settings
            </button>
          </p>
        </div>
      </Container>
    </footer>
  );
}
