import { eventType } from "inngest";
import { z } from "zod";
import { CONSENT_EVENT_SCHEMAS } from "./consent-events";
import { PRIVACY_EVENT_SCHEMAS } from "./privacy-events";

/**
 * Every event Sotto sends to Inngest, with the zod schema of its data. Functions
 * trigger on these `EventType`s, so Inngest validates the payload before a
 * handler runs (a payload that fails is a permanent failure, never retried).
 * Add new events here; the outbox relay refuses names it does not know.
 */
const ZId = z.string().min(1).max(200);
const ZChannelType = z.enum(["widget", "whatsapp", "messenger", "instagram", "twilio_sms", "twilio_whatsapp", "email"]);
const ZMessageKind = z.enum(["text", "media", "location", "interactive", "reaction", "template", "email", "note", "unsupported"]);

/** An inbound message was stored (written by sotto_ingest_message in the same transaction). */
export const ZMessageReceived = z.object({
  tenantId: ZId,
  channelId: ZId,
  channelType: ZChannelType,
  conversationId: ZId,
  messageId: ZId,
  contactId: ZId,
  kind: ZMessageKind,
  conversationCreated: z.boolean(),
});
export type TMessageReceived = z.infer<typeof ZMessageReceived>;

/** A provider delivery status moved an outbound message forward (sotto_ingest_status). */
export const ZMessageStatus = z.object({
  tenantId: ZId,
  channelId: ZId,
  messageId: ZId,
  conversationId: ZId,
  status: z.enum(["sent", "delivered", "read", "failed"]),
  errorCode: z.string().max(100).nullable(),
});
export type TMessageStatus = z.infer<typeof ZMessageStatus>;

/** An outbound message is ready to go to its provider (the outbound engineer's send function). */
export const ZMessageSend = z.object({ tenantId: ZId, messageId: ZId });
export type TMessageSend = z.infer<typeof ZMessageSend>;

/** A contact sent an opt-out/opt-in keyword; the ContactOptIn row waits with acknowledged=false. */
export const ZContactOptChanged = z.object({
  tenantId: ZId,
  contactId: ZId,
  channelId: ZId,
  channelType: ZChannelType,
  conversationId: ZId,
  messageId: ZId,
  status: z.enum(["opted_in", "opted_out"]),
  keyword: z.string().max(40).nullable(),
});
export type TContactOptChanged = z.infer<typeof ZContactOptChanged>;

export const messageReceived = eventType("message.received", { schema: ZMessageReceived });
export const messageStatus = eventType("message.status", { schema: ZMessageStatus });
export const messageSend = eventType("message.send", { schema: ZMessageSend });
export const contactOptChanged = eventType("contact.opt_changed", { schema: ZContactOptChanged });

/** Event name → data schema, for code that handles events generically (outbox relay, development runner). */
export const EVENT_SCHEMAS = {
  "message.received": ZMessageReceived,
  "message.status": ZMessageStatus,
  "message.send": ZMessageSend,
  "contact.opt_changed": ZContactOptChanged,
  ...CONSENT_EVENT_SCHEMAS,
  ...PRIVACY_EVENT_SCHEMAS,
} as const;
export type TEventName = keyof typeof EVENT_SCHEMAS;
export type TEventData<N extends TEventName> = z.infer<(typeof EVENT_SCHEMAS)[N]>;

/** What `sendEvent` takes: a known name, its data, and an idempotency id (strongly recommended). */
export type TSottoEvent = { [N in TEventName]: { name: N; data: TEventData<N>; id?: string; ts?: number } }[TEventName];

export const isEventName = (name: string): name is TEventName => Object.hasOwn(EVENT_SCHEMAS, name);
