import Link from "next/link";
import { COMPANY, PRIVACY_CENTER_HREF } from "@/lib/marketing/site";
import type { TLegalSection } from "../legal-document";

function WhoWeAre() {
  return (
    <>
      <p>
        Sotto is a platform that lets businesses talk with their customers over website chat, WhatsApp, Messenger, Instagram, SMS, email and phone,
        with help from AI agents. The company behind it is <strong>{COMPANY.legalEntity}</strong>, called &ldquo;Sotto&rdquo;, &ldquo;we&rdquo; or
        &ldquo;us&rdquo; in this policy.
      </p>
      <ul>
        <li>
          Privacy questions and requests: <a href={`mailto:${COMPANY.privacyEmail}`}>{COMPANY.privacyEmail}</a>
        </li>
        <li>
          Security reports: <a href={`mailto:${COMPANY.securityEmail}`}>{COMPANY.securityEmail}</a>
        </li>
        <li>
          Self-service requests about your data: <Link href={PRIVACY_CENTER_HREF}>the privacy center</Link>
        </li>
      </ul>
      <p>
        We are established in Italy, so our lead supervisory authority is the {COMPANY.supervisoryAuthority} (the Garante). We have not appointed a
        data protection officer because our processing does not currently meet the conditions of Article 37 GDPR that would require one. We revisit
        that assessment whenever our processing changes; until then, {COMPANY.privacyEmail} reaches the person accountable for data protection at
        Sotto.
      </p>
    </>
  );
}

function Roles() {
  return (
    <>
      <p>Data protection law gives us one of two roles depending on whose data it is and who decides what happens to it.</p>
      <h3>When we are the controller</h3>
      <p>
        We decide why and how data is used for our own website, customer accounts, billing, support, the security of the service, product analytics
        and our own marketing. This policy fully describes that processing.
      </p>
      <h3>When we are a processor</h3>
      <p>
        Businesses that use Sotto (our <strong>customers</strong>, each with its own isolated <strong>workspace</strong> or tenant) put conversations
        with their own customers (<strong>end users</strong>) through the platform. For that data the business is the controller and we act only on
        its documented instructions, under our <Link href="/legal/dpa">data processing agreement</Link>. Where this policy and the DPA differ on
        processor data, the DPA prevails.
      </p>
      <p>
        If you chatted with, messaged or called a business that uses Sotto, that business&rsquo;s own privacy notice tells you how it uses your
        data. You can still use our privacy center; we pass your request to the business and help it respond.
      </p>
    </>
  );
}

function ControllerData() {
  return (
    <>
      <p>As controller we collect only what we need to run the service and our company:</p>
      <ul>
        <li>
          <strong>Account data:</strong> name, work email address, role, workspace name and team memberships. There are no passwords: you sign in
          with single-use links sent by email.
        </li>
        <li>
          <strong>Billing data:</strong> company name, billing address, VAT number, plan, usage and invoices. Card details are entered with our
          payment provider; we never see or store a full card number.
        </li>
        <li>
          <strong>Support data:</strong> what you send to our support team, including attachments. We record a support call only if you agree at
          the start of it.
        </li>
        <li>
          <strong>Consent and preference records:</strong> marketing opt-ins and opt-outs, and the requests you make through the privacy center,
          kept as proof of what you chose and when.
        </li>
        <li>
          <strong>Technical and security data:</strong> IP addresses shortened to their /24 (IPv4) or /48 (IPv6) network before storage, browser
          type, timestamps, request identifiers, sign-in events and the audit trail of actions taken in the dashboard.
        </li>
        <li>
          <strong>Product analytics:</strong> pseudonymous events about which dashboard features are used. We run this ourselves; no third-party
          analytics or advertising tools are involved.
        </li>
      </ul>
      <p>
        Visiting this website sets no cookies and sends nothing to third parties. Our servers keep the shortened IP address, the page requested and
        the time, as part of the security logs.
      </p>
    </>
  );
}

function ProcessorData() {
  return (
    <>
      <p>On behalf of our customers, and only for the features each customer switches on, we process:</p>
      <ul>
        <li>
          <strong>Conversations:</strong> messages, attachments, timestamps, delivery and read status, and channel identifiers such as phone
          numbers, email addresses and WhatsApp business-scoped user ids.
        </li>
        <li>
          <strong>Contact records:</strong> names, contact details, tags and the internal notes agents write.
        </li>
        <li>
          <strong>Integration data:</strong> order, shipment and return details from connected shops; payment event metadata such as status,
          amount and card brand (never full card numbers or security codes); bookings and invitee details from connected calendars.
        </li>
        <li>
          <strong>AI data:</strong> knowledge-base articles, the conversation context assembled for a reply, AI outputs, intent labels and
          operational metadata such as response times and error codes.
        </li>
        <li>
          <strong>Voice data:</strong> live call audio, and, only with the consent described under <Link href="#calls">calls, recordings and voice cloning</Link>, call recordings, transcripts and voice
          samples.
        </li>
      </ul>
      <p>
        We do not ask for special categories of data, such as health, religion or biometric data. End users sometimes volunteer such details in a
        conversation; they are then processed only to handle that conversation. Customers must not configure Sotto to collect special-category data
        without a valid legal basis and appropriate safeguards, and can use automatic redaction to keep it out of AI processing.
      </p>
    </>
  );
}

export const ABOUT_SECTIONS: readonly TLegalSection[] = [
  { id: "who-we-are", title: "Who we are", Body: WhoWeAre },
  { id: "roles", title: "Controller and processor", Body: Roles },
  { id: "controller-data", title: "Data we collect as controller", Body: ControllerData },
  { id: "processor-data", title: "Data we process for customers", Body: ProcessorData },
];
