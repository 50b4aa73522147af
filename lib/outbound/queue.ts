import "server-only";
import { z } from "zod";
import type { TTx } from "@/lib/db/client";
import type { ChannelType, MessageKind } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import { publish, type TRealtimeEvent } from "@/lib/realtime/bus";
import { log } from "@/lib/log";
import { relayOutboxSoon } from "@/lib/inbox/outbox-relay";
import { assertMayMessage, CHANNEL_LABELS, PURPOSES } from "./policy";

/**
 * The one way an outbound message enters Sotto (agent replies, bots, system
 * messages, campaigns). Runs inside the caller's `withTenant` transaction:
 *
 * - a private note is stored (kind note, status received) and goes nowhere;
 * - anything else is checked against restriction and opt-out (lib/outbound/policy.ts,
 *   ActionError "forbidden"), stored as an outbound Message with status `queued`
 *   together with a `message.send` OutboxEvent (eventId = message id), and the
 *   conversation's lastActivityAt/preview move. The outbox relay hands the event
 *   to Inngest after commit; inngest/functions/send-message.ts sends it.
 *
 * After the transaction commits, the caller calls `announceQueued` (publishes
 * `outboundQueuedEvents` and starts the outbox relay at once, instead of at its
 * next cron tick) or does both itself. Never inside the transaction: that
 * would announce rows that may still roll back.
 */
const ZId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ZOutboundTemplate = z.object({
  /** WhatsApp: the approved template name; WhatsApp through Twilio: the Content SID (HX…). */
  name: z.string().trim().min(1).max(512),
  /** BCP-47-ish code as WhatsApp lists them: en, en_US, it, pt_BR. */
  language: z.string().regex(/^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$/, "Use a language code such as en, en_US or it."),
  variables: z.array(z.string().max(1024)).max(20).default([]),
});

export const ZQueueOutboundInput = z.object({
  tenantId: ZId,
  conversationId: ZId,
  author: z.discriminatedUnion("type", [
    z.object({ type: z.literal("agent"), userId: ZId }),
    z.object({ type: z.literal("bot"), name: z.string().trim().min(1).max(80) }),
    z.object({ type: z.literal("system") }),
  ]),
  text: z.string().max(100_000, "Messages are limited to 100,000 characters."),
  isPrivate: z.boolean().default(false),
  clientMessageId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/).nullish(),
  attachments: z.array(z.object({ attachmentId: ZId })).max(10).default([]),
  template: ZOutboundTemplate.nullish(),
  purpose: z.enum(PURPOSES).default("reply"),
});
export type TQueueOutboundInput = z.input<typeof ZQueueOutboundInput>;

/** What each channel's provider accepts in one message (characters). */
export const TEXT_LIMITS: Record<ChannelType, number> = {
  widget: 10_000,
  whatsapp: 4096,
  messenger: 2000,
  instagram: 1000,
  twilio_sms: 1600,
  twilio_whatsapp: 1600,
  email: 100_000,
};
const NOTE_LIMIT = 20_000;
const TEMPLATE_CHANNELS: ReadonlySet<ChannelType> = new Set(["whatsapp", "twilio_whatsapp"]);
const PREVIEW_CHARS = 140;

/** The per-channel text rule, as a zod schema so the message reads like every other validation error. */
export function textSchemaFor(channelType: ChannelType) {
  const limit = TEXT_LIMITS[channelType];
  return z.string().max(limit, `Messages on ${CHANNEL_LABELS[channelType]} are limited to ${limit.toLocaleString("en")} characters.`);
}

function previewOf(text: string, fallback: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  if (!oneLine) return fallback;
  return oneLine.length > PREVIEW_CHARS ? `${oneLine.slice(0, PREVIEW_CHARS - 1)}…` : oneLine;
}

function invalid(error: z.ZodError): never {
  throw new ActionError("invalid", error.issues[0]?.message ?? "The message is not valid.");
}

export async function queueOutboundMessage(
  tx: TTx,
  input: {
    tenantId: string;
    conversationId: string;
    author: { type: "agent"; userId: string } | { type: "bot"; name: string } | { type: "system" };
    text: string;
    isPrivate?: boolean;
    clientMessageId?: string | null;
    attachments?: { attachmentId: string }[];
    template?: { name: string; language: string; variables?: string[] } | null;
    purpose?: "reply" | "campaign" | "transactional" | "dsr_reply";
  },
): Promise<{ messageId: string; status: "queued" | "received" }> {
  const parsed = ZQueueOutboundInput.safeParse(input);
  if (!parsed.success) invalid(parsed.error);
  const m = parsed.data;
  const at = now();
  const authorId = m.author.type === "agent" ? m.author.userId : m.author.type === "bot" ? m.author.name : null;

  const conversation = await tx.conversation.findFirst({
    where: { tenantId: m.tenantId, id: m.conversationId },
    select: { id: true, channelId: true, channel: { select: { type: true } }, contact: { select: { id: true, restricted: true } } },
  });
  if (!conversation) throw new ActionError("not_found", "That conversation no longer exists.");
  const channelType = conversation.channel.type;

  if (m.clientMessageId) {
    // A retried submit (double click, flaky network) gets the message already stored.
    const existing = await tx.message.findFirst({
      where: { tenantId: m.tenantId, conversationId: m.conversationId, clientMessageId: m.clientMessageId },
      select: { id: true, isPrivate: true },
    });
    if (existing) return { messageId: existing.id, status: existing.isPrivate ? "received" : "queued" };
  }

  if (m.isPrivate) {
    if (!m.text.trim()) throw new ActionError("invalid", "Write a note first.");
    if (m.text.length > NOTE_LIMIT) throw new ActionError("invalid", `Notes are limited to ${NOTE_LIMIT.toLocaleString("en")} characters.`);
    const note = await tx.message.create({
      data: {
        tenantId: m.tenantId,
        conversationId: m.conversationId,
        channelId: conversation.channelId,
        direction: "outbound",
        authorType: m.author.type,
        authorId,
        kind: "note",
        text: m.text,
        isPrivate: true,
        status: "received",
        clientMessageId: m.clientMessageId ?? null,
        createdAt: at,
      },
      select: { id: true },
    });
    await tx.conversation.update({ where: { id: m.conversationId }, data: { lastActivityAt: at } });
    return { messageId: note.id, status: "received" };
  }

  const text = textSchemaFor(channelType).safeParse(m.text);
  if (!text.success) invalid(text.error);
  if (m.template && !TEMPLATE_CHANNELS.has(channelType)) {
    throw new ActionError("invalid", `Message templates are a WhatsApp feature; ${CHANNEL_LABELS[channelType]} takes plain messages.`);
  }
  if (!m.text.trim() && !m.template && m.attachments.length === 0) throw new ActionError("invalid", "Write a message first.");

  await assertMayMessage(tx, { tenantId: m.tenantId, contact: conversation.contact, channelType, conversationId: m.conversationId, purpose: m.purpose, at });

  const kind: MessageKind = m.template ? "template" : channelType === "email" ? "email" : m.attachments.length && !m.text.trim() ? "media" : "text";
  const payload: Record<string, unknown> = { purpose: m.purpose };
  if (m.template) payload.template = m.template;
  const message = await tx.message.create({
    data: {
      tenantId: m.tenantId,
      conversationId: m.conversationId,
      channelId: conversation.channelId,
      direction: "outbound",
      authorType: m.author.type,
      authorId,
      kind,
      text: m.text.trim() ? m.text : null,
      payload: payload as Prisma.InputJsonValue,
      status: "queued",
      clientMessageId: m.clientMessageId ?? null,
      createdAt: at,
    },
    select: { id: true },
  });

  if (m.attachments.length) {
    const ids = [...new Set(m.attachments.map((a) => a.attachmentId))];
    // Only uploads of this tenant that no message has claimed yet.
    const linked = await tx.attachment.updateMany({ where: { tenantId: m.tenantId, id: { in: ids }, messageId: null }, data: { messageId: message.id } });
    if (linked.count !== ids.length) throw new ActionError("invalid", "An attachment is missing or was already sent; upload it again.");
  }

  await tx.outboxEvent.create({
    data: { tenantId: m.tenantId, name: "message.send", eventId: message.id, data: { tenantId: m.tenantId, messageId: message.id }, createdAt: at },
  });
  await tx.conversation.update({
    where: { id: m.conversationId },
    data: { lastActivityAt: at, lastMessagePreview: previewOf(m.text, m.template ? "[template]" : "[attachment]") },
  });
  return { messageId: message.id, status: "queued" };
}

/** The live updates to publish once the queuing transaction has committed. */
export function outboundQueuedEvents(conversationId: string, messageId: string): TRealtimeEvent[] {
  return [
    { type: "message.created", conversationId, messageId },
    { type: "conversation.updated", conversationId },
  ];
}

/**
 * After commit: starts the outbox relay (so the send begins now) and publishes
 * `outboundQueuedEvents`. A failed publish never fails the send: browsers catch up on reload.
 */
export async function announceQueued(tenantId: string, conversationId: string, messageId: string): Promise<void> {
  relayOutboxSoon();
  for (const event of outboundQueuedEvents(conversationId, messageId)) {
    await publish(tenantId, event).catch((error) => log.warn("outbound live update not published", { type: event.type, error: String(error) }));
  }
}
