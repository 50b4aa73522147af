import { z } from "zod";

/**
 * Meta webhook payloads, shaped as Meta documents them:
 * - WhatsApp Cloud API: `object: "whatsapp_business_account"`, `entry[].changes[]`
 *   with `field: "messages"` and a `value` holding `metadata`, `contacts`,
 *   `messages` and/or `statuses`.
 * - Messenger (`object: "page"`) and Instagram (`object: "instagram"`):
 *   `entry[].messaging[]` events with `sender`, `recipient`, `timestamp` and one
 *   of `message`, `reaction`, `postback`, `delivery`, `read`.
 *
 * Unknown keys are dropped here (the raw payload is stored separately), and a
 * sub-object whose shape Meta changed degrades to `undefined` rather than
 * failing the delivery: the message is then stored as `unsupported` with its
 * raw JSON, never dropped.
 */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const ZStr = z.string().max(100_000);
const ZId = z.string().min(1).max(512);

// --- WhatsApp Cloud API ------------------------------------------------------------

export const ZWaError = z.object({
  code: z.number().or(z.string()),
  title: ZStr.optional(),
  message: ZStr.optional(),
  error_data: lenient(z.object({ details: ZStr.optional() })),
  href: ZStr.optional(),
});

const ZWaMedia = z.object({
  id: ZId,
  mime_type: ZStr.optional(),
  sha256: ZStr.optional(),
  caption: ZStr.optional(),
  filename: ZStr.optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

export const WA_MEDIA_TYPES = ["image", "audio", "video", "document", "sticker"] as const;

export const ZWaMessage = z.object({
  /** The customer's phone number (wa_id); absent for users who hide it behind a username. */
  from: z.string().max(64).optional(),
  /** Business-scoped user id (BSUID), present since 2026. */
  from_user_id: z.string().max(256).optional(),
  id: ZId,
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string().max(64),
  context: lenient(z.object({ from: z.string().optional(), id: z.string().optional(), forwarded: z.boolean().optional() })),
  text: lenient(z.object({ body: ZStr })),
  image: lenient(ZWaMedia),
  audio: lenient(ZWaMedia),
  video: lenient(ZWaMedia),
  document: lenient(ZWaMedia),
  sticker: lenient(ZWaMedia),
  location: lenient(
    z.object({ latitude: z.number(), longitude: z.number(), name: ZStr.optional(), address: ZStr.optional(), url: ZStr.optional() }),
  ),
  interactive: lenient(
    z.object({
      type: z.string(),
      button_reply: lenient(z.object({ id: ZStr, title: ZStr })),
      list_reply: lenient(z.object({ id: ZStr, title: ZStr, description: ZStr.optional() })),
    }),
  ),
  button: lenient(z.object({ payload: ZStr.optional(), text: ZStr })),
  reaction: lenient(z.object({ message_id: ZId, emoji: ZStr.optional() })),
  errors: lenient(z.array(ZWaError)),
});
export type TWaMessage = z.infer<typeof ZWaMessage>;

export const ZWaContact = z.object({
  wa_id: z.string().max(64).optional(),
  user_id: z.string().max(256).optional(),
  profile: lenient(z.object({ name: ZStr.optional(), username: ZStr.optional() })),
});
export type TWaContact = z.infer<typeof ZWaContact>;

export const ZWaStatus = z.object({
  id: ZId,
  status: z.string().max(32),
  timestamp: z.string().regex(/^\d{1,12}$/),
  recipient_id: z.string().max(256).optional(),
  recipient_user_id: z.string().max(256).optional(),
  errors: lenient(z.array(ZWaError)),
});
export type TWaStatus = z.infer<typeof ZWaStatus>;

export const ZWaValue = z.object({
  messaging_product: z.literal("whatsapp"),
  metadata: z.object({ display_phone_number: z.string().max(64).optional(), phone_number_id: ZId }),
  contacts: z.array(ZWaContact).max(1000).optional(),
  messages: z.array(ZWaMessage).max(1000).optional(),
  statuses: z.array(ZWaStatus).max(1000).optional(),
});
export type TWaValue = z.infer<typeof ZWaValue>;

/** `value` is parsed per field: only "messages" changes carry messages and statuses. */
const ZWaChange = z.object({ field: z.string().max(128), value: z.unknown() });

export const ZWhatsAppWebhook = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.object({ id: ZId, changes: z.array(ZWaChange).max(1000) })).max(1000),
});
export type TWhatsAppWebhook = z.infer<typeof ZWhatsAppWebhook>;

// --- Messenger and Instagram ------------------------------------------------------------

const ZAttachment = z.object({
  type: z.string().max(64),
  payload: lenient(z.object({ url: ZStr.optional(), sticker_id: z.number().or(z.string()).optional(), title: ZStr.optional() })),
});

export const ZMessagingEvent = z.object({
  /** PSID (Messenger) or IGSID (Instagram) for inbound events; the Page / account for echoes. */
  sender: z.object({ id: ZId }),
  recipient: z.object({ id: ZId }),
  timestamp: z.number(),
  message: lenient(
    z.object({
      mid: ZId,
      text: ZStr.optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      is_unsupported: z.boolean().optional(),
      attachments: lenient(z.array(ZAttachment).max(100)),
      quick_reply: lenient(z.object({ payload: ZStr })),
      reply_to: lenient(z.object({ mid: ZStr.optional() })),
    }),
  ),
  reaction: lenient(z.object({ mid: ZId, action: z.string().max(32), reaction: ZStr.optional(), emoji: ZStr.optional() })),
  postback: lenient(z.object({ mid: ZStr.optional(), title: ZStr.optional(), payload: ZStr.optional() })),
  delivery: lenient(z.object({ mids: z.array(ZId).max(1000).optional(), watermark: z.number() })),
  read: lenient(z.object({ watermark: z.number(), mid: ZStr.optional() })),
});
export type TMessagingEvent = z.infer<typeof ZMessagingEvent>;

export const ZPageWebhook = z.object({
  object: z.enum(["page", "instagram"]),
  entry: z.array(z.object({ id: ZId, time: z.number().optional(), messaging: z.array(ZMessagingEvent).max(1000).optional() })).max(1000),
});
export type TPageWebhook = z.infer<typeof ZPageWebhook>;

export const ZMetaWebhook = z.discriminatedUnion("object", [ZWhatsAppWebhook, ZPageWebhook]);
export type TMetaWebhook = z.infer<typeof ZMetaWebhook>;
