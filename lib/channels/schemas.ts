import { z } from "zod";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { ZWidgetSettings } from "@/lib/widget/settings";

/**
 * Input of the channel connection forms, validated once at the action boundary.
 * Pure zod (no server imports): the client forms import the field limits too.
 * Empty form fields arrive as "" and mean "not given".
 */

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const ZChannelName = z.string().trim().min(1, "Give the channel a name.").max(80, "At most 80 characters.");
const ZSecretInput = z.string().trim().min(1, "Required.").max(4096, "That is too long to be a token.");
const ZSandbox = z.boolean().default(false);

/** Meta object ids (WhatsApp phone number id, WABA id, Page id, Instagram account id) are numeric. */
export const ZMetaId = z.string().trim().regex(/^\d{5,32}$/, "Meta ids are numbers, e.g. 106540352242922.");

export const ZTwilioAccountSid = z
  .string()
  .trim()
  .regex(/^AC[0-9a-fA-F]{32}$/, "An Account SID is AC followed by 32 hexadecimal characters.");
export const ZMessagingServiceSid = z
  .string()
  .trim()
  .regex(/^MG[0-9a-fA-F]{32}$/, "A Messaging Service SID is MG followed by 32 hexadecimal characters.");

/** A valid phone number in international format, normalised to E.164 (+14155550123). */
export const ZE164 = z
  .string()
  .trim()
  .max(32)
  .transform((v, ctx) => {
    const n = v.startsWith("+") ? parsePhoneNumberFromString(v) : undefined;
    if (!n || !n.isValid()) {
      ctx.addIssue({ code: "custom", message: "Enter the number in international format, e.g. +14155550123." });
      return z.NEVER;
    }
    return n.number;
  });

/** A mail server host name (LDH labels) or an IP address literal. No scheme, path or port. */
export const ZMailHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .refine(
    (v) =>
      /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(v) ||
      /^\[?[0-9a-f:.]+\]?$/.test(v),
    "Enter the server's host name, e.g. mail.example.com (no https:// and no port).",
  )
  .transform((v) => v.replace(/^\[|\]$/g, ""));

const ZPortInput = z.coerce
  .number({ error: "Enter a port number." })
  .int("Enter a port number.")
  .min(1, "Ports are 1–65535.")
  .max(65_535, "Ports are 1–65535.");

export const ZWhatsAppManual = z
  .object({
    name: ZChannelName,
    sandbox: ZSandbox,
    phoneNumberId: ZMetaId,
    wabaId: ZMetaId,
    accessToken: optional(ZSecretInput),
  })
  .superRefine((v, ctx) => {
    if (!v.sandbox && !v.accessToken) ctx.addIssue({ code: "custom", path: ["accessToken"], message: "Paste the access token (a system-user token of the WhatsApp Business Account)." });
  });
export type TWhatsAppManual = z.output<typeof ZWhatsAppManual>;

export const ZEmbeddedSignup = z.object({
  name: ZChannelName,
  code: z.string().trim().min(8).max(2048),
  phoneNumberId: ZMetaId,
  wabaId: ZMetaId,
});
export type TEmbeddedSignup = z.output<typeof ZEmbeddedSignup>;

export const ZMetaPageConnect = z
  .object({
    type: z.enum(["messenger", "instagram"]),
    name: ZChannelName,
    sandbox: ZSandbox,
    /** Page id (Messenger) or Instagram professional account id. */
    externalId: ZMetaId,
    pageAccessToken: optional(ZSecretInput),
  })
  .superRefine((v, ctx) => {
    if (!v.sandbox && !v.pageAccessToken) ctx.addIssue({ code: "custom", path: ["pageAccessToken"], message: "Paste the Page access token." });
  });
export type TMetaPageConnect = z.output<typeof ZMetaPageConnect>;

export const ZTwilioConnect = z
  .object({
    type: z.enum(["twilio_sms", "twilio_whatsapp"]),
    name: ZChannelName,
    sandbox: ZSandbox,
    accountSid: optional(ZTwilioAccountSid),
    authToken: optional(z.string().trim().min(16, "A Twilio auth token is 32 characters.").max(128)),
    sender: z.enum(["number", "service"]),
    phoneNumber: optional(ZE164),
    messagingServiceSid: optional(ZMessagingServiceSid),
  })
  .superRefine((v, ctx) => {
    if (!v.sandbox && !v.accountSid) ctx.addIssue({ code: "custom", path: ["accountSid"], message: "Enter the Account SID from the Twilio Console." });
    if (!v.sandbox && !v.authToken) ctx.addIssue({ code: "custom", path: ["authToken"], message: "Enter the auth token: it also verifies Twilio's webhook signatures." });
    if (v.sender === "number" && !v.phoneNumber) ctx.addIssue({ code: "custom", path: ["phoneNumber"], message: "Enter the Twilio phone number." });
    if (v.sender === "service" && !v.messagingServiceSid) ctx.addIssue({ code: "custom", path: ["messagingServiceSid"], message: "Enter the Messaging Service SID." });
  });
export type TTwilioConnect = z.output<typeof ZTwilioConnect>;

const ZMailServerInput = z.object({
  host: ZMailHost,
  port: ZPortInput,
  secure: z.boolean(),
  user: z.string().trim().min(1, "Required.").max(320),
  pass: z.string().min(1, "Required.").max(4096),
});

export const ZEmailConnect = z
  .object({
    name: ZChannelName,
    sandbox: ZSandbox,
    address: z.string().trim().toLowerCase().pipe(z.email("Enter an email address such as support@example.com.").max(320)),
    fromName: optional(z.string().trim().max(120)),
    imap: z.preprocess(blankServer, ZMailServerInput.optional()),
    smtp: z.preprocess(blankServer, ZMailServerInput.optional()),
  })
  .superRefine((v, ctx) => {
    if (v.sandbox) return;
    if (!v.imap) ctx.addIssue({ code: "custom", path: ["imap", "host"], message: "Enter the IMAP server (incoming mail)." });
    if (!v.smtp) ctx.addIssue({ code: "custom", path: ["smtp", "host"], message: "Enter the SMTP server (outgoing mail)." });
  });
export type TEmailConnect = z.output<typeof ZEmailConnect>;
export type TEmailConnectInput = z.input<typeof ZEmailConnect>;

/** A sandbox email channel needs no servers: a server block left entirely blank counts as absent. */
function blankServer(v: unknown): unknown {
  if (!v || typeof v !== "object") return undefined;
  const o = v as Record<string, unknown>;
  const filled = ["host", "port", "user", "pass"].some((k) => typeof o[k] === "string" ? o[k].trim() !== "" : o[k] !== undefined && o[k] !== null);
  return filled ? v : undefined;
}

export const EMAIL_OAUTH_PROVIDERS = ["google", "microsoft"] as const;
export const ZEmailOAuthProvider = z.enum(EMAIL_OAUTH_PROVIDERS);
export type TEmailOAuthProvider = z.infer<typeof ZEmailOAuthProvider>;

export const ZStartEmailOAuth = z.object({
  provider: ZEmailOAuthProvider,
  name: ZChannelName,
  address: z.string().trim().toLowerCase().pipe(z.email("Enter the mailbox address you will sign in with.").max(320)),
});
export type TStartEmailOAuth = z.output<typeof ZStartEmailOAuth>;

export const ZWidgetConnect = z.object({
  name: ZChannelName,
  settings: ZWidgetSettings,
});
export type TWidgetConnect = z.output<typeof ZWidgetConnect>;
export type TWidgetConnectInput = z.input<typeof ZWidgetConnect>;

export const ZChannelId = z.string().trim().min(1).max(64);

export const ZUpdateWidgetSettings = z.object({ channelId: ZChannelId, settings: ZWidgetSettings });
export type TUpdateWidgetSettingsInput = z.input<typeof ZUpdateWidgetSettings>;

export const ZRenameChannel = z.object({ channelId: ZChannelId, name: ZChannelName });

export const ZDisconnectChannel = z.object({ channelId: ZChannelId });
