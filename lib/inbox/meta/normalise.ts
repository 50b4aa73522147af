import type { IdentityKind, MessageKind } from "@/lib/db/generated/enums";
import type { TInbound, TInboundStatus } from "../ingest";
import { toE164 } from "../phone";
import { WA_MEDIA_TYPES, ZWaValue, type TMessagingEvent, type TMetaWebhook, type TWaContact, type TWaMessage, type TWaStatus, type TWaValue } from "./schemas";

/**
 * Meta payloads → work for the ingest service. One webhook can carry many
 * entries for many channels; each item names the channel it belongs to by its
 * routing key (`Channel.externalId`): the WhatsApp phone_number_id, the Page
 * id, or the Instagram account id (`entry.id`).
 */
export type TMetaChannelType = "whatsapp" | "messenger" | "instagram";
type TRoutingKey = { channelType: TMetaChannelType; externalId: string };
export type TInboundDraft = Omit<TInbound, "tenantId" | "channelId" | "channelType">;
export type TStatusDraft = Omit<TInboundStatus, "tenantId" | "channelId">;
export type TMetaWork =
  | (TRoutingKey & { type: "message"; message: TInboundDraft })
  | (TRoutingKey & { type: "status"; status: TStatusDraft })
  | (TRoutingKey & { type: "ignored"; reason: string })
  | (TRoutingKey & { type: "malformed"; reason: string });

const PROVIDER = "meta";
const seconds = (ts: string) => new Date(Number(ts) * 1000);

// --- WhatsApp -------------------------------------------------------------------------

function waContactFor(value: TWaValue, m: TWaMessage): TWaContact | undefined {
  const contacts = value.contacts ?? [];
  return (
    contacts.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ??
    (contacts.length === 1 ? contacts[0] : undefined)
  );
}

function waIdentities(m: TWaMessage, c: TWaContact | undefined): TInboundDraft["contact"]["identities"] {
  const waId = m.from ?? c?.wa_id;
  const bsuid = m.from_user_id ?? c?.user_id;
  const out: { kind: IdentityKind; value: string }[] = [];
  if (waId) {
    out.push({ kind: "wa_id", value: waId });
    const phone = toE164(waId);
    if (phone) out.push({ kind: "phone", value: phone });
  }
  if (bsuid) out.push({ kind: "bsuid", value: bsuid });
  return out;
}

type TContent = { kind: MessageKind; text: string | null; payload: Record<string, unknown> };

function waContent(m: TWaMessage): TContent {
  const base: Record<string, unknown> = m.context?.id ? { replyTo: m.context.id } : {};
  if (m.type === "text" && m.text) return { kind: "text", text: m.text.body, payload: base };
  if ((WA_MEDIA_TYPES as readonly string[]).includes(m.type)) {
    const media = m[m.type as (typeof WA_MEDIA_TYPES)[number]];
    if (media) {
      return {
        kind: "media",
        text: null,
        payload: {
          ...base,
          mediaType: m.type,
          mediaId: media.id,
          mimeType: media.mime_type ?? null,
          sha256: media.sha256 ?? null,
          ...(media.caption ? { caption: media.caption } : {}),
          ...(media.filename ? { filename: media.filename } : {}),
          ...(media.voice !== undefined ? { voice: media.voice } : {}),
          ...(media.animated !== undefined ? { animated: media.animated } : {}),
        },
      };
    }
  }
  if (m.type === "location" && m.location) {
    const { latitude, longitude, name, address, url } = m.location;
    return { kind: "location", text: null, payload: { ...base, latitude, longitude, name: name ?? null, address: address ?? null, url: url ?? null } };
  }
  if (m.type === "interactive" && m.interactive) {
    const reply = m.interactive.button_reply ?? m.interactive.list_reply;
    if (reply) return { kind: "interactive", text: reply.title, payload: { ...base, type: m.interactive.type, id: reply.id, title: reply.title } };
  }
  if (m.type === "button" && m.button) {
    return { kind: "interactive", text: m.button.text, payload: { ...base, type: "button", payload: m.button.payload ?? null, title: m.button.text } };
  }
  if (m.type === "reaction" && m.reaction) {
    // An empty emoji removes the reaction.
    return { kind: "reaction", text: null, payload: { ...base, messageId: m.reaction.message_id, emoji: m.reaction.emoji || null } };
  }
  // Unknown, unsupported or changed shapes are kept whole: nothing a customer sent is dropped.
  return { kind: "unsupported", text: null, payload: { ...base, type: m.type, errors: m.errors ?? null, original: m } };
}

function waMessage(entryId: string, value: TWaValue, m: TWaMessage, rawMessage: unknown): TInboundDraft {
  const contact = waContactFor(value, m);
  const content = waContent(m);
  // The unsupported branch keeps the message exactly as received, unknown keys included.
  if (content.kind === "unsupported") content.payload.original = rawMessage;
  const waId = m.from ?? contact?.wa_id;
  return {
    contact: { identities: waIdentities(m, contact), name: contact?.profile?.name ?? null, phone: waId ? toE164(waId) : null },
    providerMessageId: m.id,
    ...content,
    receivedAt: seconds(m.timestamp),
    raw: {
      provider: PROVIDER,
      eventKey: `wa:msg:${m.id}`,
      payload: { object: "whatsapp_business_account", entryId, metadata: value.metadata, contact: contact ?? null, message: rawMessage },
    },
  };
}

const WA_STATUSES = new Set(["sent", "delivered", "read", "failed"]);

function waStatus(entryId: string, value: TWaValue, s: TWaStatus, rawStatus: unknown): TStatusDraft | null {
  if (!WA_STATUSES.has(s.status)) return null;
  const err = s.errors?.[0];
  const detail = err ? [err.title, err.message, err.error_data?.details].filter(Boolean).join(": ") : null;
  return {
    providerMessageId: s.id,
    status: s.status as TStatusDraft["status"],
    at: seconds(s.timestamp),
    errorCode: err ? String(err.code) : null,
    errorMessage: detail || null,
    raw: { provider: PROVIDER, eventKey: `wa:status:${s.id}:${s.status}`, payload: { object: "whatsapp_business_account", entryId, metadata: value.metadata, status: rawStatus } },
  };
}

function whatsappWork(body: Extract<TMetaWebhook, { object: "whatsapp_business_account" }>, raw: unknown): TMetaWork[] {
  const out: TMetaWork[] = [];
  const rawEntries = (raw as { entry?: { changes?: { value?: { messages?: unknown[]; statuses?: unknown[] } }[] }[] }).entry ?? [];
  body.entry.forEach((entry, ei) => {
    entry.changes.forEach((change, ci) => {
      const parsed = change.field === "messages" ? ZWaValue.safeParse(change.value) : null;
      const externalId = String((change.value as { metadata?: { phone_number_id?: unknown } } | null)?.metadata?.phone_number_id ?? "");
      if (!parsed) {
        if (externalId) out.push({ type: "ignored", channelType: "whatsapp", externalId, reason: `field ${change.field}` });
        return;
      }
      if (!parsed.success) {
        out.push({ type: "malformed", channelType: "whatsapp", externalId, reason: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
        return;
      }
      const value = parsed.data;
      const key = { channelType: "whatsapp" as const, externalId: value.metadata.phone_number_id };
      const rawValue = rawEntries[ei]?.changes?.[ci]?.value;
      value.messages?.forEach((m, mi) => {
        const message = waMessage(entry.id, value, m, rawValue?.messages?.[mi] ?? m);
        if (message.contact.identities.length) out.push({ ...key, type: "message", message });
        else out.push({ ...key, type: "ignored", reason: `message ${m.id} has no sender` });
      });
      value.statuses?.forEach((s, si) => {
        const status = waStatus(entry.id, value, s, rawValue?.statuses?.[si] ?? s);
        out.push(status ? { ...key, type: "status", status } : { ...key, type: "ignored", reason: `status ${s.status}` });
      });
    });
  });
  return out;
}

// --- Messenger and Instagram ------------------------------------------------------------

const ATTACHMENT_MEDIA: Record<string, string> = { image: "image", video: "video", audio: "audio", file: "document" };

function pageContent(e: TMessagingEvent, rawEvent: unknown): TContent & { providerMessageId: string } {
  const msg = e.message;
  if (msg) {
    const base: Record<string, unknown> = msg.reply_to?.mid ? { replyTo: msg.reply_to.mid } : {};
    const atts = msg.attachments ?? [];
    if (msg.is_unsupported || msg.is_deleted || (atts.length && atts.some((a) => !ATTACHMENT_MEDIA[a.type]))) {
      return { providerMessageId: msg.mid, kind: "unsupported", text: msg.text ?? null, payload: { ...base, type: msg.is_deleted ? "deleted" : "unsupported", original: rawEvent } };
    }
    if (atts.length) {
      const media = atts.map((a) => ({ mediaType: ATTACHMENT_MEDIA[a.type]!, url: a.payload?.url ?? null, ...(a.payload?.sticker_id ? { stickerId: String(a.payload.sticker_id) } : {}) }));
      return { providerMessageId: msg.mid, kind: "media", text: msg.text ?? null, payload: { ...base, mediaType: media[0]!.mediaType, media } };
    }
    if (msg.quick_reply) return { providerMessageId: msg.mid, kind: "interactive", text: msg.text ?? null, payload: { ...base, type: "quick_reply", payload: msg.quick_reply.payload } };
    return { providerMessageId: msg.mid, kind: "text", text: msg.text ?? null, payload: base };
  }
  if (e.reaction) {
    const removed = e.reaction.action === "unreact";
    return {
      providerMessageId: `reaction:${e.reaction.mid}:${e.sender.id}:${e.timestamp}`,
      kind: "reaction",
      text: null,
      payload: { messageId: e.reaction.mid, emoji: removed ? null : (e.reaction.emoji ?? null), reaction: e.reaction.reaction ?? null, action: e.reaction.action },
    };
  }
  const p = e.postback!;
  return { providerMessageId: p.mid ?? `postback:${e.sender.id}:${e.timestamp}`, kind: "interactive", text: p.title ?? null, payload: { type: "postback", title: p.title ?? null, payload: p.payload ?? null } };
}

function pageWork(body: Extract<TMetaWebhook, { object: "page" | "instagram" }>, raw: unknown): TMetaWork[] {
  const channelType: TMetaChannelType = body.object === "page" ? "messenger" : "instagram";
  const identityKind: IdentityKind = body.object === "page" ? "psid" : "igsid";
  const rawEntries = (raw as { entry?: { messaging?: unknown[] }[] }).entry ?? [];
  const out: TMetaWork[] = [];
  body.entry.forEach((entry, ei) => {
    const key = { channelType, externalId: entry.id };
    (entry.messaging ?? []).forEach((e, i) => {
      const rawEvent = rawEntries[ei]?.messaging?.[i] ?? e;
      if (e.message?.is_echo) return out.push({ ...key, type: "ignored", reason: "echo of an outbound message" });
      if (e.message || e.reaction || e.postback) {
        const c = pageContent(e, rawEvent);
        return out.push({
          ...key,
          type: "message",
          message: {
            contact: { identities: [{ kind: identityKind, value: e.sender.id }] },
            providerMessageId: c.providerMessageId,
            kind: c.kind,
            text: c.text,
            payload: c.payload,
            receivedAt: new Date(e.timestamp),
            raw: { provider: PROVIDER, eventKey: `${channelType}:msg:${c.providerMessageId}`, payload: { object: body.object, entryId: entry.id, event: rawEvent } },
          },
        });
      }
      const receipts: { mid: string; status: "delivered" | "read" }[] = [
        ...(e.delivery?.mids ?? []).map((mid) => ({ mid, status: "delivered" as const })),
        ...(e.read?.mid ? [{ mid: e.read.mid, status: "read" as const }] : []),
      ];
      // A watermark without message ids covers "everything before"; per-message receipts are what we apply.
      if (!receipts.length) return out.push({ ...key, type: "ignored", reason: e.delivery || e.read ? "receipt without message ids" : "unknown messaging event" });
      for (const r of receipts) {
        out.push({
          ...key,
          type: "status",
          status: {
            providerMessageId: r.mid,
            status: r.status,
            at: new Date(e.timestamp),
            raw: { provider: PROVIDER, eventKey: `${channelType}:${r.status}:${r.mid}`, payload: { object: body.object, entryId: entry.id, event: rawEvent } },
          },
        });
      }
    });
  });
  return out;
}

/** Everything in one verified webhook body, in delivery order. `raw` is the parsed JSON before validation (kept for storage). */
export function metaWork(body: TMetaWebhook, raw: unknown): TMetaWork[] {
  return body.object === "whatsapp_business_account" ? whatsappWork(body, raw) : pageWork(body, raw);
}

/**
 * Routing keys found in a body that failed signature or schema checks, to
 * attribute the refused delivery to its channel's log. Never used to ingest.
 */
export function looseRoutingKeys(json: unknown): TRoutingKey[] {
  const keys = new Map<string, TRoutingKey>();
  const body = json as { object?: unknown; entry?: unknown };
  if (!body || typeof body !== "object" || !Array.isArray(body.entry)) return [];
  for (const entry of body.entry.slice(0, 50) as { id?: unknown; changes?: unknown }[]) {
    if (!entry || typeof entry !== "object") continue;
    if (body.object === "whatsapp_business_account" && Array.isArray(entry.changes)) {
      for (const c of entry.changes.slice(0, 50) as { value?: { metadata?: { phone_number_id?: unknown } } }[]) {
        const id = c?.value?.metadata?.phone_number_id;
        if (typeof id === "string" && id) keys.set(`whatsapp:${id}`, { channelType: "whatsapp", externalId: id });
      }
    } else if ((body.object === "page" || body.object === "instagram") && typeof entry.id === "string" && entry.id) {
      const channelType = body.object === "page" ? "messenger" : "instagram";
      keys.set(`${channelType}:${entry.id}`, { channelType, externalId: entry.id });
    }
  }
  return [...keys.values()];
}
