import Link from "next/link";
import { COMPANY, PRIVACY_CENTER_HREF } from "@/lib/marketing/site";
import type { TLegalSection } from "../legal-document";

function Rights() {
  return (
    <>
      <p>Under the GDPR you have the right to:</p>
      <ul>
        <li>
          <strong>access</strong> the personal data we hold about you and receive a copy;
        </li>
        <li>
          <strong>rectify</strong> data that is inaccurate or incomplete;
        </li>
        <li>
          <strong>erase</strong> your data when there is no longer a reason to keep it;
        </li>
        <li>
          <strong>restrict</strong> processing while a dispute about accuracy or lawfulness is resolved;
        </li>
        <li>
          <strong>portability</strong>: receive data you gave us in a structured, machine-readable format (JSON or CSV) or have it sent to another
          provider;
        </li>
        <li>
          <strong>object</strong> to processing based on legitimate interests, including profiling, and to direct marketing at any time;
        </li>
        <li>
          <strong>withdraw consent</strong> at any time, without affecting processing that took place before;
        </li>
        <li>
          <strong>complain</strong> to a supervisory authority: in Italy the {COMPANY.supervisoryAuthority}, or the authority where you live or
          work.
        </li>
      </ul>
      <h3>How to exercise them</h3>
      <p>
        Use the self-service <Link href={PRIVACY_CENTER_HREF}>privacy center</Link>. You confirm your email address with a one-time link, then
        download your data or submit a request for correction, erasure, restriction or objection, and follow its progress. You can also write to{" "}
        <a href={`mailto:${COMPANY.privacyEmail}`}>{COMPANY.privacyEmail}</a>.
      </p>
      <p>
        We answer within one month. For complex or numerous requests we may extend this by up to two further months, and we will tell you why
        within the first month. Requests are free; we may refuse or charge a reasonable fee only for requests that are manifestly unfounded or
        excessive, and we will explain that decision. We ask for no more identification than needed to be sure we are dealing with you. Some
        records, such as invoices we must keep by law, cannot be erased early; we will tell you which and keep them out of any other use.
      </p>
      <p>
        If your data is in Sotto because a business uses our platform, that business decides on your request. Our privacy center forwards it to
        them, and we help them answer in time.
      </p>
    </>
  );
}

function Children() {
  return (
    <>
      <p>
        Sotto is a business tool and is not directed at children. Customer accounts are for adults acting for their organisation. In Italy, a child
        can consent to online services from the age of 14; below that, a parent or guardian must do so.
      </p>
      <p>
        Customers that serve minors through Sotto, such as schools, are responsible for age checks and parental authorisation where required. Voices
        of minors are never cloned. If we learn that we hold a child&rsquo;s data without a valid basis, we delete it promptly.
      </p>
    </>
  );
}

function AutomatedDecisions() {
  return (
    <>
      <p>
        We make no decisions based solely on automated processing that produce legal effects on you or affect you similarly significantly. We use
        limited profiling in two places:
      </p>
      <ul>
        <li>classifying incoming messages by intent and language so they reach the right agent faster;</li>
        <li>spotting spam, fraud and abuse, for example unusual sign-in patterns.</li>
      </ul>
      <p>
        You can object to profiling at any time and ask a person to review any automated outcome that concerns you. Customers can require human
        approval before AI agents take actions with consequences, such as issuing a refund or cancelling a booking.
      </p>
    </>
  );
}

function Marketing() {
  return (
    <>
      <p>
        We email existing customers about Sotto features and services similar to those they use, as Italian law allows for existing customers
        (Article 130(4) of the Privacy Code). We offer an opt-out when we collect the address and in every message. We email people who are not
        customers only if they asked us to. We do not make marketing phone calls or send marketing by SMS or WhatsApp.
      </p>
      <p>
        Customers who send campaigns through Sotto are responsible for their recipients&rsquo; consent. The platform records opt-ins and honours
        opt-out keywords such as STOP automatically.
      </p>
    </>
  );
}

function Changes() {
  return (
    <p>
      We update this policy when our services, our sub-processors or the law change. The date at the top shows the latest version. For material
      changes we notify customers by email and in the dashboard at least 30 days before they take effect. Earlier versions are available on
      request.
    </p>
  );
}

function Contact() {
  return (
    <>
      <ul>
        <li>
          Email: <a href={`mailto:${COMPANY.privacyEmail}`}>{COMPANY.privacyEmail}</a>
        </li>
        <li>Controller: {COMPANY.legalEntity}</li>
        <li>
          Self-service requests: <Link href={PRIVACY_CENTER_HREF}>privacy center</Link>
        </li>
        <li>Supervisory authority: {COMPANY.supervisoryAuthority}, Piazza Venezia 11, 00187 Rome, Italy</li>
      </ul>
      <p>We would welcome the chance to resolve a concern before you go to the authority, but you are free to contact it at any time.</p>
    </>
  );
}

export const RIGHTS_SECTIONS: readonly TLegalSection[] = [
  { id: "rights", title: "Your rights", Body: Rights },
  { id: "children", title: "Children", Body: Children },
  { id: "automated-decisions", title: "Automated decisions and profiling", Body: AutomatedDecisions },
  { id: "marketing", title: "Marketing messages", Body: Marketing },
  { id: "changes", title: "Changes to this policy", Body: Changes },
  { id: "contact", title: "Contact", Body: Contact },
];
