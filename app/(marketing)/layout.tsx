import { connection } from "next/server";
import { ConsentScript } from "@/components/consent/consent-script";
import { SiteFooter } from "@/components/marketing/site-footer";
import { SiteHeader } from "@/components/marketing/site-header";

export default async function MarketingLayout({ children }: { children: React.ReactNode }) {
  // The CSP is nonce-based: a prerendered page would ship framework scripts without
  // this request's nonce and the browser would block them, so render per request.
  await connection();
  return (
    <>
      <a
        href="#main-content"
        className="fixed top-3 left-3 z-50 -translate-y-24 rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-lg transition-transform focus:translate-y-0"
      >
        Skip to content
      </a>
      <SiteHeader />
      <main id="main-content" tabIndex={-1} className="outline-none">
        {children}
      </main>
      <SiteFooter />
      <ConsentScript />
    </>
  );
}
