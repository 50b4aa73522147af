import Link from "next/link";
import { COMPANY } from "@/lib/marketing/site";
import type { TLegalSection } from "./legal-document";
import { SubprocessorTable } from "./subprocessor-table";

function CurrentList() {
  return (
    <>
      <p>
        These companies may process personal data on our behalf while we provide Sotto. Providers marked &ldquo;Only if a tenant enables it&rdquo;
        receive nothing from a workspace until one of its admins switches on the corresponding channel or feature. Transfers outside the EU/EEA are covered by Standard Contractual Clauses together with
        supplementary measures: encryption in transit and at rest, and sending each provider only the data its task needs.
      </p>
      <SubprocessorTable />
    </>
  );
}

function HowWeChoose() {
  return (
    <ul>
      <li>We review each provider&rsquo;s security and privacy practices before we use it, and again when its service changes.</li>
      <li>
        Each signs a contract under Article 28(4) GDPR that passes on the same data-protection duties we accept in our{" "}
        <Link href="/legal/dpa">DPA</Link>: confidentiality, security, help with rights requests, breach notification and deletion.
      </li>
      <li>AI model providers must also commit not to train on, or otherwise reuse, the data we send them.</li>
      <li>We send each provider only the data its task needs, and we remain responsible to our customers for what our sub-processors do.</li>
    </ul>
  );
}

function Changes() {
  return (
    <p>
      We tell customers by email at least 30 days before a new sub-processor starts processing their data, and update this page on the same day.
      A customer with reasonable data-protection grounds can object during that period; if we cannot resolve the objection, the customer may end
      the affected service without penalty, as set out in the DPA. In an emergency, such as replacing a provider that failed, the notice may be
      shorter, and we will explain why.
    </p>
  );
}

function Channels() {
  return (
    <p>
      Shops, payment services, calendars and messaging platforms that a customer connects through an integration act on that customer&rsquo;s
      instructions or as independent controllers under their own terms. They are not our sub-processors and are not listed above, except where we
      contract with them to run a channel for everyone, as with Meta and Twilio.
    </p>
  );
}

function Contact() {
  return (
    <p>
      To be notified of changes or to ask about a provider, write to <a href={`mailto:${COMPANY.privacyEmail}`}>{COMPANY.privacyEmail}</a>.
    </p>
  );
}

export const SUBPROCESSOR_SECTIONS: readonly TLegalSection[] = [
  { id: "list", title: "Current sub-processors", Body: CurrentList },
  { id: "selection", title: "How we choose and bind them", Body: HowWeChoose },
  { id: "changes", title: "Notice of changes", Body: Changes },
  { id: "integrations", title: "Channels and integrations", Body: Channels },
  { id: "contact", title: "Contact", Body: Contact },
];
