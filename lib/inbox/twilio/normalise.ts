import { z } from "zod";
import type { IdentityKind } from "@/lib/db/generated/enums";
import type { TInboundDraft } from "../meta/normalise";
import type { TInboundStatus } from "../ingest";
import { toE164 } from "../phone";
import type { TFormParams } from "./signature";

/**
 * Twilio Messaging webhooks (SMS and WhatsApp), form-encoded. Inbound messages
 * carry `MessageSid`, `From`, `To`, `Body`, `NumMedia` + `MediaUrlN` /
 * `MediaContentTypeN`, and for WhatsApp `ProfileName` and `WaId`; status
 * callbacks carry `MessageStatus` (+ `ErrorCode` / `ErrorMessage`). WhatsApp
 * addresses are prefixed `whatsapp:`.
 */
const ZSid = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/);
const ZAddress = z.string().min(1).max(128);

export const ZTwilioParams = z.object({
  MessageSid: ZSid,
  AccountSid: ZSid.optional(),
  MessagingServiceSid: ZSid.optional(),
  From: ZAddress,
  To: ZAddress,
  Body: z.string().max(64 * 1024).optional(),
  NumMedia: z.coerce.number().int().min(0).max(20).optional(),
  ProfileName: z.string().max(256).optional(),
  WaId: z.string().max(64).optional(),
  MessageStatus: z.string().max(32).optional(),
  SmsStatus: z.string().max(32).optional(),
  ErrorCode: z.string().max(32).optional(),
  ErrorMessage: z.string().max(1000).optional(),
  Latitude: z.coerce.number().min(-90).max(90).optional(),
  Longitude: z.coerce.number().min(-180).max(180).optional(),
  Address: z.string().max(1000).optional(),
  Label: z.string().max(1000).optional(),
  ButtonPayload: z.string().max(1000).optional(),
  ButtonText: z.string().max(1000).optional(),
  OriginalRepliedMessageSid: ZSid.optional(),
});
export type TTwilioParams = z.infer<typeof ZTwilioParams>;

/** Single-valued view for zod (Twilio sends each name once) and the raw record stored with the event. */
export function firstValues(params: TFormParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (v[0] !== undefined) out[k] = v[0];
  return out;
}

const INBOUND_STATUSES = new Set(["received", "receiving"]);
const STATUS_MAP: Record<string, TInboundStatus["status"]> = { sent: "sent", delivered: "delivered", read: "read", undelivered: "failed", failed: "failed" };

export type TTwilioChannelType = "twilio_sms" | "twilio_whatsapp";

/** A status callback is about a message we sent: our number is `From`. An inbound message is addressed `To` us. */
export function isStatusCallback(p: TTwilioParams): boolean {
  return p.MessageStatus !== undefined && !INBOUND_STATUSES.has(p.MessageStatus);
}

export function routingOf(p: TTwilioParams): { channelType: TTwilioChannelType; number: string | null; messagingServiceSid: string | null } {
  const ours = isStatusCallback(p) ? p.From : p.To;
  const channelType: TTwilioChannelType = /^whatsapp:/i.test(ours) || /^whatsapp:/i.test(isStatusCallback(p) ? p.To : p.From) ? "twilio_whatsapp" : "twilio_sms";
  return { channelType, number: toE164(ours), messagingServiceSid: p.MessagingServiceSid ?? null };
}

function mediaKind(contentType: string): string {
  const top = contentType.split("/")[0]!.toLowerCase();
  return ["image", "audio", "video"].includes(top) ? top : "document";
}

export function twilioInbound(p: TTwilioParams, raw: Record<string, string>, channelType: TTwilioChannelType): TInboundDraft {
  const phone = toE164(p.From);
  const identities: { kind: IdentityKind; value: string }[] = [];
  if (channelType === "twilio_whatsapp" && p.WaId) identities.push({ kind: "wa_id", value: p.WaId });
  if (phone) identities.push({ kind: "phone", value: phone });
  const base: Record<string, unknown> = p.OriginalRepliedMessageSid ? { replyTo: p.OriginalRepliedMessageSid } : {};
  const numMedia = p.NumMedia ?? 0;
  let content: Pick<TInboundDraft, "kind" | "text" | "payload">;
  if (numMedia > 0) {
    const media = Array.from({ length: numMedia }, (_, i) => ({ url: raw[`MediaUrl${i}`] ?? null, contentType: raw[`MediaContentType${i}`] ?? "application/octet-stream" }));
    content = { kind: "media", text: null, payload: { ...base, mediaType: mediaKind(media[0]!.contentType), media, ...(p.Body ? { caption: p.Body } : {}) } };
  } else if (p.Latitude !== undefined && p.Longitude !== undefined) {
    content = { kind: "location", text: null, payload: { ...base, latitude: p.Latitude, longitude: p.Longitude, address: p.Address ?? null, name: p.Label ?? null } };
  } else if (p.ButtonPayload !== undefined) {
    content = { kind: "interactive", text: p.ButtonText ?? p.Body ?? null, payload: { ...base, type: "button", payload: p.ButtonPayload, title: p.ButtonText ?? null } };
  } else {
    content = { kind: "text", text: p.Body ?? "", payload: base };
  }
  return {
    contact: { identities, name: p.ProfileName ?? null, phone },
    providerMessageId: p.MessageSid,
    ...content,
    raw: { provider: "twilio", eventKey: `twilio:msg:${p.MessageSid}`, payload: raw },
  };
}

/** Null for intermediate states (queued, accepted, sending, scheduled, canceled): nothing to record. */
export function twilioStatus(p: TTwilioParams, raw: Record<string, string>, at: Date): Omit<TInboundStatus, "tenantId" | "channelId"> | null {
  const status = STATUS_MAP[p.MessageStatus ?? ""];
  if (!status) return null;
  return {
    providerMessageId: p.MessageSid,
    status,
    at,
    errorCode: status === "failed" ? (p.ErrorCode ?? null) : null,
    errorMessage: status === "failed" ? (p.ErrorMessage ?? null) : null,
    raw: { provider: "twilio", eventKey: `twilio:status:${p.MessageSid}:${p.MessageStatus}`, payload: raw },
  };
}
