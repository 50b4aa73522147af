import Link from "next/link";
import type { TLegalSection } from "../legal-document";

function Roles() {
  return (
    <>
      <p>
        The DPA applies whenever a customer uses Sotto to process personal data about its own end users, contacts or staff. The customer is the
        <strong> controller</strong>: it decides why and how that data is processed. Sotto is the <strong>processor</strong>: it processes the data
        only to provide the service. The agreement covers conversation content, contact records, integration data, call audio and any other
        personal data the customer puts into its workspace.
      </p>
      <p>
        Each party keeps its own duties under the GDPR. The customer is responsible for having a legal basis, informing its end users and
        collecting any consents, for example for marketing messages or call recording. Sotto provides the tools to do so.
      </p>
    </>
  );
}

function Instructions() {
  return (
    <>
      <p>
        Sotto processes customer data only on the customer&rsquo;s documented instructions. Those instructions are the agreement itself, the
        settings the customer chooses in its workspace (which channels, which AI features, which retention periods) and any further written
        instructions it gives.
      </p>
      <p>
        If we believe an instruction breaks data-protection law, we tell the customer and may suspend that processing until it is clarified. If the
        law requires us to process data in another way, we inform the customer first unless the law forbids it.
      </p>
    </>
  );
}

function Confidentiality() {
  return (
    <p>
      Everyone at Sotto who can access customer data is bound by a confidentiality obligation, receives data-protection training and has access
      only as far as their work requires. Access to a customer&rsquo;s content is granted only to handle a support request from that customer or to
      keep the service secure, and each access is recorded in the audit log.
    </p>
  );
}

function Subprocessors() {
  return (
    <>
      <p>
        The customer gives a general authorisation for the sub-processors on our <Link href="/legal/subprocessors">sub-processor list</Link>. Each
        one is bound by written terms at least as protective as the DPA, and Sotto remains liable for its sub-processors&rsquo; performance.
      </p>
      <p>
        We give at least 30 days&rsquo; notice before adding or replacing a sub-processor. The customer may object on reasonable data-protection
        grounds; if we cannot address the objection, the customer may terminate the affected service and receive a refund of prepaid fees for it.
      </p>
    </>
  );
}

function Security() {
  return (
    <>
      <p>
        Sotto maintains technical and organisational measures appropriate to the risk, described on our <Link href="/security">security page</Link>{" "}
        and in an annex to the DPA. They include:
      </p>
      <ul>
        <li>isolation of each workspace&rsquo;s data with PostgreSQL row-level security;</li>
        <li>encryption in transit (TLS) and at rest, with secrets sealed by AES-256-GCM under rotating keys;</li>
        <li>passwordless sign-in with single-use links, session timeouts and role-based access;</li>
        <li>a tamper-evident audit log of administrative actions, exports and deletions;</li>
        <li>IP address truncation and redaction of identifiers before AI processing;</li>
        <li>encrypted backups, tested restores and automatic enforcement of retention periods.</li>
      </ul>
      <p>We review these measures regularly and may improve them, but will not reduce the overall level of protection.</p>
    </>
  );
}

function Assistance() {
  return (
    <>
      <p>
        Sotto helps the customer answer end users who exercise their rights. The privacy center lets the customer find, export, correct and erase an
        end user&rsquo;s data across channels, and tracks each request against its deadline. When an end user contacts Sotto directly, we forward the
        request to the customer without undue delay and do not answer it ourselves unless the customer asks us to.
      </p>
      <p>
        We also provide the information the customer reasonably needs for data protection impact assessments and for any prior consultation with a
        supervisory authority.
      </p>
    </>
  );
}

export const DPA_OBLIGATION_SECTIONS: readonly TLegalSection[] = [
  { id: "roles", title: "Roles and scope", Body: Roles },
  { id: "instructions", title: "Processing on instructions", Body: Instructions },
  { id: "confidentiality", title: "Confidentiality", Body: Confidentiality },
  { id: "subprocessors", title: "Sub-processors", Body: Subprocessors },
  { id: "security", title: "Security measures", Body: Security },
  { id: "assistance", title: "Help with rights requests and assessments", Body: Assistance },
];
