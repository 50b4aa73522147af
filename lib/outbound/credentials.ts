import { z } from "zod";
import type { ChannelType } from "@/lib/db/generated/enums";

/**
 * The decrypted shape of `Channel.credentials`, per channel type. One definition
 * shared by the code that stores credentials (channel connection, lib/channels)
 * and the code that uses them (outbound transports, IMAP polling), so both
 * sides agree on field names. Pure zod: safe to import from client components
 * that validate connection forms. Encryption lives in ./channel-secrets.ts.
 *
 * Routing keys are not credentials: they are `Channel.externalId` (WhatsApp
 * phone_number_id, Page id, Instagram account id, Twilio number or Messaging
 * Service SID, mailbox address, widget public key).
 *
 * Shapes (JSON before encryption):
 * - widget: `{}` (no provider; delivery is the widget's live connection)
 * - whatsapp: `{ accessToken, appSecret? }` (system-user token of the WABA; app
 *   secret for X-Hub-Signature-256 when the channel stores it here)
 * - messenger / instagram: `{ pageAccessToken, appSecret? }`
 * - twilio_sms / twilio_whatsapp: `{ accountSid, authToken, from?, messagingServiceSid? }`;
 *   without `from`/`messagingServiceSid` the channel's externalId is used (an `MG…`
 *   id as MessagingServiceSid, anything else as From)
 * - email: `{ address, fromName?, smtp: { host, port, secure, user, pass }, imap: { host, port, secure, user, pass } }`
 */

const ZHost = z.string().trim().min(1).max(253);
const ZPort = z.coerce.number().int().min(1).max(65_535);
const ZSecret = z.string().min(1).max(4096);

export const ZMailServer = z.object({
  host: ZHost,
  port: ZPort,
  /** Implicit TLS (465 / 993). False means STARTTLS is required on the plain port. */
  secure: z.boolean(),
  user: z.string().min(1).max(320),
  pass: ZSecret,
});
export type TMailServer = z.infer<typeof ZMailServer>;

export const ZWidgetCredentials = z.object({});
export const ZWhatsAppCredentials = z.object({ accessToken: ZSecret, appSecret: ZSecret.optional() });
export const ZMetaPageCredentials = z.object({ pageAccessToken: ZSecret, appSecret: ZSecret.optional() });
export const ZTwilioCredentials = z.object({
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "A Twilio Account SID starts with AC followed by 32 hex digits"),
  authToken: ZSecret,
  from: z.string().min(1).max(64).optional(),
  messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, "A Messaging Service SID starts with MG followed by 32 hex digits").optional(),
});
export const ZEmailCredentials = z.object({
  address: z.email().max(320),
  fromName: z.string().trim().max(120).optional(),
  smtp: ZMailServer,
  imap: ZMailServer,
});

/** `ZChannelCredentials[channel.type]` validates that channel's decrypted credentials. */
export const ZChannelCredentials = {
  widget: ZWidgetCredentials,
  whatsapp: ZWhatsAppCredentials,
  messenger: ZMetaPageCredentials,
  instagram: ZMetaPageCredentials,
  twilio_sms: ZTwilioCredentials,
  twilio_whatsapp: ZTwilioCredentials,
  email: ZEmailCredentials,
} as const satisfies Record<ChannelType, z.ZodType>;

export type TChannelCredentials<T extends ChannelType = ChannelType> = z.infer<(typeof ZChannelCredentials)[T]>;
export type TWhatsAppCredentials = z.infer<typeof ZWhatsAppCredentials>;
export type TMetaPageCredentials = z.infer<typeof ZMetaPageCredentials>;
export type TTwilioCredentials = z.infer<typeof ZTwilioCredentials>;
export type TEmailCredentials = z.infer<typeof ZEmailCredentials>;

/**
 * Validates the contract fields and keeps any extension fields the connection
 * side stores beside them (e.g. the email `oauth` block, see lib/channels/credentials.ts).
 */
export function parseChannelCredentials<T extends ChannelType>(type: T, value: unknown): TChannelCredentials<T> {
  return (ZChannelCredentials[type] as z.ZodObject).loose().parse(value) as TChannelCredentials<T>;
}
