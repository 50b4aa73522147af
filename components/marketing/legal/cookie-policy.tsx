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
      The public pages of this website, including this one, set <strong>no cookies</strong> until you make a choice in our cookie banner; then
      they set one strictly necessary cookie, <code>sotto_consent</code>, that remembers it (see the table below). They use no local storage,
      pixels or fingerprinting and load nothing from other domains: no fonts, analytics or embedded media. Change your choice at any time with
      &ldquo;Cookie settings&rdquo; at the bottom of every page.
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
        We use no analytics, advertising, social-media or other non-essential cookies. Our consent manager will ask before any is ever added. It:
      </p>
      <ul>
        <li>asks before any non-essential cookie is set, with &ldquo;Reject all&rdquo; as prominent as &ldquo;Accept all&rdquo;;</li>
        <li>offers a separate choice for each category;</li>
        <li>treats closing the banner without choosing as a refusal, and honours your browser&rsquo;s Global Privacy Control signal;</li>
        <li>lets you change your mind at any time, as easily as you gave consent;</li>
        <li>keeps a tamper-evident record of your choice, which you can download as a receipt from &ldquo;Cookie settings&rdquo;.</li>
      </ul>
      <p>This policy and its table will be updated before any such cookie is used.</p>
    </>
  );
}

function Managing() {
  return (
    <p>
      You can view and delete cookies in your browser settings. Blocking the dashboard cookies prevents you from signing in; blocking
      <code>sotto_consent</code> only means the cookie banner asks again on every visit.
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
