import type { ChannelType, IdentityKind } from "@/lib/db/generated/enums";

/**
 * The contact's address on a channel. Page-scoped ids (PSID, IGSID) and wa_ids
 * are taken from an identity learnt on this very channel first, since a PSID
 * from another Page would reach nobody (or someone else).
 */
const KINDS: Record<ChannelType, IdentityKind[]> = {
  widget: ["visitor"],
  whatsapp: ["wa_id", "phone"],
  messenger: ["psid"],
  instagram: ["igsid"],
  twilio_sms: ["phone"],
  twilio_whatsapp: ["phone", "wa_id"],
  email: ["email"],
};
const PAGE_SCOPED: ReadonlySet<IdentityKind> = new Set(["psid", "igsid"]);

export type TRecipientSource = {
  id: string;
  phone: string | null;
  email: string | null;
  identities: { kind: IdentityKind; value: string; channelId: string | null }[];
};

export function recipientFor(channel: { id: string; type: ChannelType }, contact: TRecipientSource): string | null {
  for (const kind of KINDS[channel.type]) {
    const ofKind = contact.identities.filter((i) => i.kind === kind);
    const pick = ofKind.find((i) => i.channelId === channel.id) ?? (PAGE_SCOPED.has(kind) ? undefined : ofKind[0]);
    if (pick) return normalise(channel.type, kind, pick.value);
  }
  if (channel.type === "email") return contact.email;
  if (channel.type === "whatsapp" && contact.phone) return contact.phone.replace(/^\+/, "");
  if ((channel.type === "twilio_sms" || channel.type === "twilio_whatsapp") && contact.phone) return contact.phone;
  if (channel.type === "widget") return contact.id;
  return null;
}

function normalise(type: ChannelType, kind: IdentityKind, value: string): string {
  // WhatsApp Cloud API takes a wa_id (digits); Twilio wants E.164.
  if (type === "whatsapp" && kind === "phone") return value.replace(/^\+/, "");
  if (type === "twilio_whatsapp" && kind === "wa_id") return value.startsWith("+") ? value : `+${value}`;
  return value;
}
