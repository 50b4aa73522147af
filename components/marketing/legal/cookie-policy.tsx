import Link from "next/link";
import { COMPANY } from "@/lib/marketing/site";
import { CookieTable } from "./cookie-table";
import type { TLegalSection } from "./legal-document";

function WhatCookiesAre() {
  return (
    <p>
      Cookies are small text files a website asks your browser to store and send back on later visits. Similar technologies include local storage,
      tracking pixels and device fingerprinting. This policy covers Sotto&rsquo;s own website and dashboard, and uses &ldquo;cookies&rdquo; for all
      of them.
    </p>
  );
}

function ThisWebsite() {
  return (
    <p>
      The public pages of this website, including this one, set <strong>no cookies</strong> and use no local storage, pixels or fingerprinting.
      They load nothing from other domains: no fonts, analytics or embedded media. You can read everything here without leaving a trace in your
      browser.
    </p>
  );
}

function Dashboard() {
  return (
    <>
      <p>
        When you sign in to the Sotto dashboard, our sign-in system (built on Auth.js) sets the cookies below. They are strictly necessary to
        provide the service you asked for, so Italian and EU e-privacy law does not require consent for them. They are first-party, HttpOnly (page
        scripts cannot read them), sent only over HTTPS in production, and never used for tracking.
      </p>
      <CookieTable />
      <p>
        On a local development machine without HTTPS, the same cookies appear without the <code>__Secure-</code> or <code>__Host-</code> prefix.
      </p>
    </>
  );
}

function NoTracking() {
  return (
    <>
      <p>
        We use no analytics, advertising, social-media or other non-essential cookies. We will not add any until our consent manager is in place.
        When it is, it will:
      </p>
      <ul>
        <li>ask before any non-essential cookie is set, with &ldquo;Reject&rdquo; as prominent as &ldquo;Accept&rdquo;;</li>
        <li>offer a separate choice for each category;</li>
        <li>treat closing the banner without choosing as a refusal;</li>
        <li>let you change your mind at any time, as easily as you gave consent;</li>
        <li>keep a record of your choice so we can prove what you agreed to.</li>
      </ul>
      <p>This policy and its table will be updated before any such cookie is used.</p>
    </>
  );
}

function Managing() {
  return (
    <p>
      You can view and delete cookies in your browser settings. Blocking the dashboard cookies prevents you from signing in, but has no effect on
      this website, which sets none.
    </p>
  );
}

function CustomerSites() {
  return (
    <p>
      Businesses that add the Sotto chat widget to their own websites decide what runs there and describe it in their own cookie notices. Questions
      about cookies on a business&rsquo;s website should go to that business.
    </p>
  );
}

function Contact() {
  return (
    <p>
      Questions about this policy: <a href={`mailto:${COMPANY.privacyEmail}`}>{COMPANY.privacyEmail}</a>. How we handle personal data more
      generally is explained in our <Link href="/legal/privacy">privacy policy</Link>.
    </p>
  );
}

export const COOKIE_SECTIONS: readonly TLegalSection[] = [
  { id: "what-cookies-are", title: "What cookies are", Body: WhatCookiesAre },
  { id: "website", title: "This website", Body: ThisWebsite },
  { id: "dashboard", title: "The Sotto dashboard", Body: Dashboard },
  { id: "no-tracking", title: "No analytics or advertising", Body: NoTracking },
  { id: "managing", title: "Managing cookies", Body: Managing },
  { id: "customer-sites", title: "Cookies on our customers' sites", Body: CustomerSites },
  { id: "contact", title: "Contact", Body: Contact },
];
