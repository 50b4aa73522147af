import Link from "next/link";
import { COMPANY } from "@/lib/marketing/site";
import type { TLegalSection } from "../legal-document";
import { RetentionTable } from "../retention-table";

function Cookies() {
  return (
    <p>
      This website sets no cookies at all. The Sotto dashboard sets only strictly necessary cookies that keep you signed in and protect sign-in
      forms against forgery; they need no consent. We use no analytics or advertising cookies. Before we ever add a cookie that requires consent,
      we will ask for it through a consent manager with an equally easy way to refuse. The <Link href="/legal/cookies">cookie policy</Link> lists
      every cookie with its purpose and lifetime.
    </p>
  );
}

function Sharing() {
  return (
    <>
      <p>
        <strong>We never sell or rent personal data</strong>, and we never share it for advertising. We disclose it only in these cases:
      </p>
      <ul>
        <li>
          <strong>Sub-processors</strong> that provide hosting, email delivery, messaging, billing and, when a customer enables it, AI models. Each
          is bound by a written contract under Article 28 GDPR with confidentiality, security and deletion duties. The{" "}
          <Link href="/legal/subprocessors">sub-processor list</Link> names each one, and customers are told before we add or replace one.
        </li>
        <li>
          <strong>Channels and integrations a customer connects</strong>, such as Meta for WhatsApp, Messenger and Instagram, Twilio, e-commerce,
          payment and calendar tools. Data flows to them because the customer chose to connect them. Many act as independent controllers for their
          own services, and their own privacy notices apply.
        </li>
        <li>
          <strong>Professional advisers</strong> such as lawyers, accountants and auditors, who are bound to confidentiality.
        </li>
        <li>
          <strong>Public authorities</strong>, only when the law obliges us and the request is valid and specific. We disclose the minimum
          required, contest requests that are too broad, and tell the affected customer first unless the law forbids it.
        </li>
        <li>
          <strong>A buyer or successor</strong> if Sotto is merged, acquired or reorganised, under the same protections as this policy and with
          notice to you beforehand.
        </li>
      </ul>
    </>
  );
}

function Transfers() {
  return (
    <>
      <p>
        Our primary storage is in the European Union. Some sub-processors, listed with their regions on the{" "}
        <Link href="/legal/subprocessors">sub-processor page</Link>, process data in the United States. For those transfers we rely on the
        European Commission&rsquo;s Standard Contractual Clauses, backed by a transfer impact assessment and supplementary measures: encryption in
        transit and at rest, minimisation, and redaction before data reaches AI providers. Where a recipient is certified under the EU-US Data
        Privacy Framework, that adequacy decision applies as well.
      </p>
      <p>
        You can ask {COMPANY.privacyEmail} for a copy of the safeguards that apply to a particular transfer.
      </p>
    </>
  );
}

function Security() {
  return (
    <>
      <p>
        Our <Link href="/security">security page</Link> describes our controls in detail. In short: each workspace&rsquo;s data is separated by
        PostgreSQL row-level security; secrets are encrypted with AES-256-GCM under rotating keys; all traffic uses TLS; sign-in uses single-use
        links that expire after ten minutes; sessions time out after inactivity; and administrative actions are written to a tamper-evident,
        hash-chained audit log. Staff access customer data only to resolve a support request, and that access is logged.
      </p>
      <p>
        If a personal-data breach occurs, we tell affected customers without undue delay, with the information they need to meet their own duties.
        Where we are controller, we notify the Garante within 72 hours when the law requires it, and the people affected when the breach is likely
        to put their rights at high risk.
      </p>
    </>
  );
}

function Retention() {
  return (
    <>
      <p>
        We keep personal data only as long as its purpose requires or the law obliges us. For data we process as processor, the periods below are
        defaults that each customer can shorten in its workspace settings.
      </p>
      <RetentionTable />
      <p>
        When a period ends, scheduled jobs delete the data or anonymise it so it can no longer be linked to anyone, and record that they did so.
        Backups are encrypted and expire on a rolling schedule, so deleted data leaves them within 35 days. Data can be held longer only while it
        is needed for a specific legal claim or investigation, and only for that purpose.
      </p>
    </>
  );
}

export const SHARING_SECTIONS: readonly TLegalSection[] = [
  { id: "cookies", title: "Cookies", Body: Cookies },
  { id: "sharing", title: "Who we share data with", Body: Sharing },
  { id: "transfers", title: "International transfers", Body: Transfers },
  { id: "security", title: "How we protect data", Body: Security },
  { id: "retention", title: "How long we keep data", Body: Retention },
];
