/**
 * Sotto's sub-processors. Rendered on /legal/subprocessors and reused by the
 * records of processing, so every entry carries the fields an Art. 30 record needs.
 * Adding an entry is a change customers must be told about (see the DPA).
 */

export type TSubprocessorId = "hosting" | "resend" | "openai" | "meta" | "twilio" | "stripe";

export type TSubprocessor = {
  id: TSubprocessorId;
  name: string;
  purpose: string;
  /** Where the data is processed. */
  region: string;
  dataCategories: readonly string[];
  transferMechanism: string;
  /** "always" for core infrastructure; otherwise only once a tenant switches the feature on. */
  engagement: "always" | "when-tenant-enables";
  note?: string;
};

const SCCS = "Standard Contractual Clauses (EU 2021/914)";

export const SUBPROCESSORS: readonly TSubprocessor[] = [
  {
    id: "hosting",
    name: "EU cloud hosting provider (named before general availability)",
    purpose: "Application servers, PostgreSQL database, encrypted backups",
    region: "European Union",
    dataCategories: ["All customer and end-user data stored in Sotto", "Account data", "Logs"],
    transferMechanism: "Not needed: data stays in the EU/EEA",
    engagement: "always",
  },
  {
    id: "resend",
    name: "Resend",
    purpose: "Delivery of transactional email such as sign-in links and notifications",
    region: "United States",
    dataCategories: ["Recipient email address", "Email content we send"],
    transferMechanism: SCCS,
    engagement: "always",
  },
  {
    id: "openai",
    name: "OpenAI",
    purpose: "Optional AI model provider for drafting replies, summaries and intent classification",
    region: "United States",
    dataCategories: ["Redacted conversation excerpts", "Knowledge-base passages sent as context"],
    transferMechanism: SCCS,
    engagement: "when-tenant-enables",
    note: "Used only when a tenant turns it on. API data is not used to train models.",
  },
  {
    id: "meta",
    name: "Meta Platforms Ireland",
    purpose: "WhatsApp, Messenger and Instagram messaging channels",
    region: "European Union and United States",
    dataCategories: ["Business-scoped user ids and phone numbers", "Message content and media", "Delivery status"],
    transferMechanism: SCCS,
    engagement: "when-tenant-enables",
    note: "Only when a tenant connects one of these channels.",
  },
  {
    id: "twilio",
    name: "Twilio",
    purpose: "SMS and WhatsApp messaging, phone numbers for voice calls",
    region: "United States",
    dataCategories: ["Phone numbers", "Message content", "Call audio while in transit", "Delivery status"],
    transferMechanism: SCCS,
    engagement: "when-tenant-enables",
    note: "Only when a tenant connects SMS, WhatsApp through Twilio, or voice.",
  },
  {
    id: "stripe",
    name: "Stripe",
    purpose: "Subscription billing and payment processing for Sotto plans",
    region: "European Union (Ireland) and United States",
    dataCategories: ["Billing contact", "Company and VAT details", "Payment method (held by Stripe, never by Sotto)"],
    transferMechanism: SCCS,
    engagement: "always",
  },
];

export function getSubprocessor(id: TSubprocessorId): TSubprocessor {
  const entry = SUBPROCESSORS.find((s) => s.id === id);
  if (!entry) throw new Error(`Unknown sub-processor: ${id}`);
  return entry;
}
