import type { ChannelStatus, ChannelType } from "@/lib/db/generated/enums";

/** Display names and copy per channel type. Pure data: used by pages and client components. */
export const CHANNEL_TYPES = ["whatsapp", "messenger", "instagram", "twilio_sms", "twilio_whatsapp", "email", "widget"] as const satisfies readonly ChannelType[];

export const CHANNEL_TYPE_LABELS: Record<ChannelType, string> = {
  widget: "Website chat",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  instagram: "Instagram",
  twilio_sms: "Twilio SMS",
  twilio_whatsapp: "Twilio WhatsApp",
  email: "Email",
};

export const CHANNEL_TYPE_BLURBS: Record<ChannelType, string> = {
  whatsapp: "WhatsApp Business through Meta's Cloud API: connect with Facebook or enter the ids by hand.",
  messenger: "Conversations with your Facebook Page.",
  instagram: "Direct messages to your Instagram professional account.",
  twilio_sms: "Text messages through your Twilio number or Messaging Service.",
  twilio_whatsapp: "WhatsApp through a Twilio sender.",
  email: "A shared mailbox over IMAP and SMTP, or Gmail / Outlook sign-in.",
  widget: "A chat bubble on your website, with your colours and opening hours.",
};

/** What `Channel.externalId` means for each type (shown as "routing id"). */
export function routingKeyLabel(type: ChannelType): string {
  switch (type) {
    case "whatsapp":
      return "Phone number id";
    case "messenger":
      return "Page id";
    case "instagram":
      return "Instagram account id";
    case "twilio_sms":
    case "twilio_whatsapp":
      return "Number or service";
    case "email":
      return "Mailbox";
    case "widget":
      return "Public key";
  }
}

export const CHANNEL_STATUS_LABELS: Record<ChannelStatus, string> = {
  active: "Active",
  disconnected: "Disconnected",
  error: "Needs attention",
};

/** A released routing key (another workspace took it over) is shown without its internal suffix. */
export function displayRoutingKey(externalId: string): string {
  const i = externalId.indexOf("~released~");
  return i >= 0 ? externalId.slice(0, i) : externalId;
}

export const DELIVERY_OUTCOME_LABELS: Record<string, string> = {
  accepted: "Accepted",
  duplicate: "Duplicate",
  invalid_signature: "Invalid signature",
  malformed: "Malformed",
  too_large: "Too large",
  unknown_channel: "Unknown channel",
  channel_disconnected: "Channel disconnected",
  not_configured: "Not configured",
  rate_limited: "Rate limited",
  ignored: "Ignored",
  fetch_failed: "Mailbox unreachable",
  deferred: "Waiting (virus scanner)",
};

export function deliveryOutcomeLabel(outcome: string): string {
  return DELIVERY_OUTCOME_LABELS[outcome] ?? outcome;
}

/** Outcomes that mean something went wrong (shown in red). */
export function isFailureOutcome(outcome: string): boolean {
  return outcome !== "accepted" && outcome !== "duplicate" && outcome !== "ignored";
}
