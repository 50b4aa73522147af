import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { classifyOptKeyword } from "@/lib/inbox/opt-keywords";
import { outboundRefusal } from "./policy";
import { announceQueued, queueOutboundMessage } from "./queue";

/**
 * The one acknowledgement a contact gets after an opt-out or opt-in keyword
 * ("You have been unsubscribed… reply START to resubscribe"), in the keyword's
 * language. Ingest stores the ContactOptIn row with `acknowledged = false` and
 * emits `contact.opt_changed`; this flips `acknowledged` in the same
 * transaction that queues the reply, under a row lock, so a redelivered event
 * (or two racing runs) queues it once. A later keyword supersedes an earlier
 * one: the STOP event of "STOP, then START" finds the row opted in and leaves
 * the acknowledging to the START event.
 */
export type TOptLang = "en" | "it" | "es";

export const OPT_ACK_TEXT: Record<TOptLang, Record<"opted_out" | "opted_in", string>> = {
  en: {
    opted_out: "You have been unsubscribed and will receive no more messages from us. Reply START to resubscribe.",
    opted_in: "You have been resubscribed and will receive our messages again. Reply STOP to unsubscribe.",
  },
  it: {
    opted_out: "Hai annullato l'iscrizione e non riceverai più messaggi da noi. Rispondi ISCRIVI per iscriverti di nuovo.",
    opted_in: "Ti sei iscritto di nuovo e riceverai ancora i nostri messaggi. Rispondi STOP per annullare l'iscrizione.",
  },
  es: {
    opted_out: "Te has dado de baja y no recibirás más mensajes nuestros. Responde ALTA para volver a suscribirte.",
    opted_in: "Te has vuelto a suscribir y recibirás nuestros mensajes de nuevo. Responde BAJA para darte de baja.",
  },
};

/** The keyword's language; "STOP" is shared by English and Italian, so the contact's locale decides there. */
export function ackLanguage(keyword: string | null, locale: string | null): TOptLang {
  const k = classifyOptKeyword(keyword);
  const fromLocale = locale?.toLowerCase().slice(0, 2);
  if (k && k.lang !== "en") return k.lang;
  if (k?.keyword === "STOP" && (fromLocale === "it" || fromLocale === "es")) return fromLocale;
  return k?.lang ?? "en";
}

export type TOptChange = { tenantId: string; contactId: string; channelType: ChannelType; conversationId: string; messageId: string; status: "opted_in" | "opted_out" };
export type TOptAckResult =
  | { acknowledged: true; messageId: string }
  | { acknowledged: false; reason: "already_acknowledged" | "superseded" | "not_found" | "refused" | "provider_handles_opt_out" };

type TOptRow = { id: string; status: "opted_in" | "opted_out"; keyword: string | null; acknowledged: boolean };

export async function acknowledgeOptChange(change: TOptChange): Promise<TOptAckResult> {
  const at = now();
  const result = await withTenant(change.tenantId, async (tx): Promise<TOptAckResult> => {
    const rows = await tx.$queryRaw<TOptRow[]>(Prisma.sql`
      SELECT id, status::text AS status, keyword, acknowledged FROM "ContactOptIn"
      WHERE "tenantId" = ${change.tenantId} AND "contactId" = ${change.contactId} AND "channelType" = ${change.channelType}::"ChannelType"
      FOR UPDATE`);
    const row = rows[0];
    if (!row) return { acknowledged: false, reason: "not_found" };
    if (row.acknowledged) return { acknowledged: false, reason: "already_acknowledged" };
    if (row.status !== change.status) return { acknowledged: false, reason: "superseded" };

    const conversation = await tx.conversation.findFirst({
      where: { tenantId: change.tenantId, id: change.conversationId },
      select: { channel: { select: { settings: true } }, contact: { select: { id: true, restricted: true, locale: true } } },
    });
    if (!conversation) return { acknowledged: false, reason: "not_found" };
    const settings = (conversation.channel.settings ?? {}) as Record<string, unknown>;
    // Twilio Advanced Opt-Out answers STOP/START itself; a second confirmation would be noise (and refused with 21610).
    if (settings.twilioAdvancedOptOut === true) {
      await tx.contactOptIn.update({ where: { id: row.id }, data: { acknowledged: true } });
      return { acknowledged: false, reason: "provider_handles_opt_out" };
    }
    const policy = { tenantId: change.tenantId, contact: conversation.contact, channelType: change.channelType, conversationId: change.conversationId, purpose: "transactional" as const, at };
    if (await outboundRefusal(tx, policy)) return { acknowledged: false, reason: "refused" };

    await tx.contactOptIn.update({ where: { id: row.id }, data: { acknowledged: true } });
    const text = OPT_ACK_TEXT[ackLanguage(row.keyword, conversation.contact.locale)][row.status];
    const queued = await queueOutboundMessage(tx, {
      tenantId: change.tenantId,
      conversationId: change.conversationId,
      author: { type: "system" },
      text,
      purpose: "transactional",
      clientMessageId: `opt-ack:${change.messageId}`,
    });
    return { acknowledged: true, messageId: queued.messageId };
  });
  if (result.acknowledged) await announceQueued(change.tenantId, change.conversationId, result.messageId);
  return result;
}
