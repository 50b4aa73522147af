import Link from "next/link";
import { COMPANY } from "@/lib/marketing/site";
import type { TLegalSection } from "../legal-document";

function Breaches() {
  return (
    <>
      <p>
        If Sotto becomes aware of a personal-data breach affecting customer data, we notify the customer without undue delay. The notice describes
        what happened, the categories and approximate number of people and records concerned, the likely consequences and the measures taken or
        proposed. Where some facts are not yet known, we send what we have and follow up as we learn more.
      </p>
      <p>
        We then work with the customer so it can meet its own deadline of 72 hours to notify the supervisory authority and, where required, inform
        the people affected. Notifying a breach is not an admission of fault.
      </p>
    </>
  );
}

function EndOfService() {
  return (
    <>
      <p>
        When the contract ends, the customer has 30 days to export its data from the dashboard in JSON or CSV. Sotto then deletes the
        customer&rsquo;s data from active systems within a further 30 days, and the encrypted backups that still contain it expire within 35 days
        after that. We keep only what EU or Italian law requires us to keep, and use it for no other purpose.
      </p>
      <p>During the contract, the customer can delete data at any time and set retention periods that Sotto enforces automatically.</p>
    </>
  );
}

function Audits() {
  return (
    <>
      <p>
        Sotto makes available the information needed to demonstrate compliance with Article 28 GDPR: this agreement, our security documentation,
        the records of processing we keep as processor, and summaries of independent security tests.
      </p>
      <p>
        Where that information is not enough, the customer, or an independent auditor bound by confidentiality, may audit Sotto once a year with
        30 days&rsquo; notice, and at any time after a breach or when a supervisory authority requires it. Audits take place during business hours
        and in a way that does not put other customers&rsquo; data at risk.
      </p>
    </>
  );
}

function Transfers() {
  return (
    <p>
      Customer data is stored in the European Union. Transfers to sub-processors outside the EU/EEA take place only under the European
      Commission&rsquo;s Standard Contractual Clauses (the processor-to-processor module) or another valid mechanism, with supplementary measures
      such as encryption and minimisation. The regions and mechanisms for each provider are on the{" "}
      <Link href="/legal/subprocessors">sub-processor list</Link>.
    </p>
  );
}

function Signing() {
  return (
    <>
      <p>
        The DPA forms part of every Sotto subscription and is accepted along with the terms of service when a workspace is created. Enterprise
        customers can negotiate additional terms. Where this summary and the full agreement differ, the full agreement prevails.
      </p>
      <p>
        For a countersigned copy or questions about the DPA, write to <a href={`mailto:${COMPANY.privacyEmail}`}>{COMPANY.privacyEmail}</a>.
      </p>
    </>
  );
}

export const DPA_LIFECYCLE_SECTIONS: readonly TLegalSection[] = [
  { id: "breaches", title: "Breach notification", Body: Breaches },
  { id: "end-of-service", title: "Deletion or return at the end", Body: EndOfService },
  { id: "audits", title: "Audits and information", Body: Audits },
  { id: "transfers", title: "International transfers", Body: Transfers },
  { id: "signing", title: "Signing and precedence", Body: Signing },
];
