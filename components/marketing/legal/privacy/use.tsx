import Link from "next/link";
import { DataTable } from "../data-table";
import type { TLegalSection } from "../legal-document";

const PURPOSES: Array<{ purpose: string; data: string; basis: string }> = [
  { purpose: "Creating and running your account and workspace", data: "Account, technical data", basis: "Contract (Art. 6(1)(b))" },
  { purpose: "Invoicing, accounting and tax records", data: "Billing data", basis: "Legal obligation (Art. 6(1)(c)) and contract" },
  { purpose: "Answering support requests", data: "Support data; recordings only if you agree", basis: "Contract; consent for recordings (Art. 6(1)(a))" },
  {
    purpose: "Keeping the service secure: fraud and abuse detection, rate limits, audit trail",
    data: "Technical and security data",
    basis: "Legitimate interests (Art. 6(1)(f)) in protecting customers and the service",
  },
  {
    purpose: "Improving the product from pseudonymous usage statistics",
    data: "Product analytics",
    basis: "Legitimate interests; consent where storing data on your device requires it",
  },
  { purpose: "Service notices, such as security alerts and changes to terms", data: "Account contact details", basis: "Contract; legal obligation" },
  { purpose: "Product news to existing customers", data: "Work email address", basis: "Legitimate interests under the Italian soft opt-in rule" },
  { purpose: "Marketing to people who are not yet customers", data: "Email address, consent record", basis: "Consent" },
  { purpose: "Establishing or defending legal claims; answering lawful requests", data: "Only the records concerned", basis: "Legal obligation; legitimate interests" },
  { purpose: "Running Sotto for our customers as processor", data: "End-user data", basis: "The customer's own legal basis; we follow its instructions (Art. 28)" },
];

function Purposes() {
  return (
    <>
      <p>We use personal data only for the purposes below, each resting on a legal basis under the GDPR and the Italian Privacy Code.</p>
      <DataTable id="purposes-table" caption="Why we use data, and the legal basis for each use" headers={["Purpose", "Data used", "Legal basis"]}>
        {PURPOSES.map((p) => (
          <tr key={p.purpose}>
            <th scope="row" className="font-medium text-ink">
              {p.purpose}
            </th>
            <td>{p.data}</td>
            <td>{p.basis}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        Where we rely on legitimate interests we have weighed them against your rights and expectations, and you can ask us for a summary of that
        assessment. You may object to such processing at any time (see <Link href="#rights">your rights</Link>). Where we rely on consent, you can
        withdraw it as easily as you gave it, without affecting what happened before.
      </p>
    </>
  );
}

function AiFeatures() {
  return (
    <>
      <p>
        AI features are off until a workspace admin turns them on, feature by feature. Once enabled, they classify the intent and language of
        incoming messages, pick out details such as order numbers or dates, draft or send replies based on the customer&rsquo;s knowledge base,
        summarise conversations for handoffs and transcribe calls where recording consent was given.
      </p>
      <h3>No training on customer data</h3>
      <p>
        We do not use our customers&rsquo; or their end users&rsquo; content (messages, attachments, transcripts, recordings or voice models) to
        train or fine-tune any AI model, whether ours or a third party&rsquo;s. Our contracts with model providers forbid them from using that
        content for training or for any purpose of their own.
      </p>
      <h3>Minimisation and redaction</h3>
      <p>
        Before text goes to an external model provider, Sotto replaces email addresses, phone numbers, payment references and order numbers with
        placeholders, and sends only the context the task needs. The real values are put back into the reply inside Sotto, so the provider never
        receives them. For reliability and billing we log operational metadata such as timings, token counts and error codes, not the content.
      </p>
      <h3>Transparency and human handoff</h3>
      <ul>
        <li>Every reply written by AI is labelled as such where the end user sees it, and synthetic voices identify themselves as AI.</li>
        <li>End users can ask for a person at any time, and agents hand over automatically when their confidence is low.</li>
        <li>Customers can require a person to approve AI drafts before they are sent, and actions such as refunds need an explicit setting.</li>
        <li>
          Agents answer from the customer&rsquo;s own sources. When they cannot find an answer they say so rather than guess, but AI can still be
          wrong, and a human remains accountable for the service.
        </li>
      </ul>
    </>
  );
}

function Calls() {
  return (
    <>
      <h3>Call recording</h3>
      <p>
        Calls are never recorded by default. A customer must enable recording, and then each caller first hears an announcement explaining what
        will be recorded and why, and can accept or decline. Declining does not end the call: it continues without recording. Recording and the
        storing of transcripts start only after acceptance.
      </p>
      <p>
        Without that consent, call audio is processed in memory only, to run the live conversation, and is discarded as the call proceeds. We keep
        the call&rsquo;s metadata (time, duration, numbers involved) as part of the conversation record. A caller can withdraw consent later: we stop
        recording immediately and delete earlier recordings unless the law requires us or the customer to keep them, for example for a pending
        legal claim. Recordings are encrypted, access is limited by role and logged, and they are kept for the period shown in the{" "}
        <Link href="#retention">retention table</Link>.
      </p>
      <h3>Voice cloning</h3>
      <p>Creating a synthetic copy of a person&rsquo;s voice is switched off for every workspace. It can be enabled only when:</p>
      <ul>
        <li>
          the voice owner has given explicit, written consent naming the customer and the purpose; we keep the wording they agreed to, the time and
          a hash of the consent record;
        </li>
        <li>the voice owner is an adult: voices of minors are never cloned.</li>
      </ul>
      <p>
        A cloned voice belongs to one workspace, is used only for the purpose consented to, and is never shared with other customers, used to train
        general models, used to identify people by their voice, or used to impersonate anyone. Listeners are told that they are hearing a synthetic
        voice. Source recordings are deleted no later than 30 days after the voice model is built. The voice owner can revoke consent at any time;
        we then stop using the voice at once and delete the model and any remaining samples.
      </p>
    </>
  );
}

export const USE_SECTIONS: readonly TLegalSection[] = [
  { id: "purposes", title: "Purposes and legal bases", Body: Purposes },
  { id: "ai", title: "AI features", Body: AiFeatures },
  { id: "calls", title: "Calls, recordings and voice cloning", Body: Calls },
];
