import type { TInbound } from "@/lib/inbox/ingest";
import type { TParsedEmail } from "./parse";

/**
 * A parsed email as ingest's channel-neutral `TInbound`.
 *
 * - providerMessageId: the Message-ID with angle brackets (dedupe, and the id
 *   replies thread against; contract in lib/outbound/email-threading.ts).
 * - threadKey: In-Reply-To and References, which ingest matches against the
 *   channel's stored Message-IDs to find the conversation.
 * - payload: headers the inbox and outbound replies use, plus attachment
 *   metadata (name, declared type, size, SHA-256). The files themselves are
 *   stored after ingest as the message's Attachment rows
 *   (lib/email-channel/attachments.ts), which records any it could not keep
 *   in `payload.mediaFetch`.
 */
export function emailInbound(
  p: TParsedEmail,
  channel: { tenantId: string; channelId: string },
  imap: { uidValidity: string; uid: number; eventKey: string; size: number },
): TInbound {
  const from = p.from!;
  const headers = {
    messageId: p.messageId,
    inReplyTo: p.inReplyTo,
    references: p.references,
    subject: p.subject,
    from,
    replyTo: p.replyTo,
    to: p.to,
    cc: p.cc,
    date: p.date?.toISOString() ?? null,
  };
  return {
    tenantId: channel.tenantId,
    channelId: channel.channelId,
    channelType: "email",
    contact: { identities: [{ kind: "email", value: from.address }], name: from.name, email: from.address },
    providerMessageId: p.messageId,
    kind: "email",
    text: p.text ?? (p.attachments.length ? `[${p.attachments.length} attachment${p.attachments.length === 1 ? "" : "s"}]` : null),
    html: p.html,
    subject: p.subject,
    threadKey: p.threadIds.length ? p.threadIds.join(" ") : null,
    payload: {
      ...headers,
      direction: p.direction,
      quotedOmitted: p.quotedOmitted,
      remoteContentBlocked: p.remoteContentBlocked,
      automated: p.automated,
      messageIdDerived: p.messageIdDerived,
      attachments: p.attachments,
      imap: { uidValidity: imap.uidValidity, uid: imap.uid },
    },
    raw: { provider: "imap", eventKey: imap.eventKey, payload: { ...headers, size: imap.size, uidValidity: imap.uidValidity, uid: imap.uid } },
  };
}
