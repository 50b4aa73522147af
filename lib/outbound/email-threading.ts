import { replySubject } from "./transports/email";
import type { TEmailThreading } from "./transports/types";

/**
 * Threading headers for an outbound email, from the conversation's last inbound
 * mail. Contract with the email channel (IMAP ingest): an inbound email's
 * `Message.providerMessageId` is its RFC 5322 Message-ID *with* angle brackets
 * (as our own outbound Message-IDs are, so a customer's reply threads back to
 * the conversation via ingest's thread keys), and its `payload.references`
 * holds the References header (string or array of ids); `payload.subject`
 * is used when the conversation has no subject.
 */
const MAX_REFERENCES = 20;

export function normaliseMessageId(id: string | null | undefined): string | null {
  const t = id?.trim();
  if (!t || /[\s<>]/.test(t.replace(/^<|>$/g, ""))) return null;
  return t.startsWith("<") && t.endsWith(">") ? t : `<${t.replace(/^<|>$/g, "")}>`;
}

function referenceList(v: unknown): string[] {
  const raw = Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").join(" ") : typeof v === "string" ? v : "";
  return (raw.match(/<[^<>\s]+>|[^\s<>,]+@[^\s<>,]+/g) ?? []).map(normaliseMessageId).filter((x): x is string => x !== null);
}

export function emailThreading(
  conversation: { subject: string | null },
  channelName: string,
  lastInbound: { providerMessageId: string | null; payload: unknown } | null,
): TEmailThreading {
  const payload = (lastInbound?.payload && typeof lastInbound.payload === "object" ? lastInbound.payload : {}) as Record<string, unknown>;
  const inReplyTo = normaliseMessageId(lastInbound?.providerMessageId);
  const subjectSource = conversation.subject ?? (typeof payload.subject === "string" ? payload.subject : null);
  if (!lastInbound || !inReplyTo) {
    return { subject: subjectSource?.replace(/[\r\n]+/g, " ").trim() || `Message from ${channelName}`, inReplyTo: null, references: [] };
  }
  const chain = [...new Set([...referenceList(payload.references), inReplyTo])];
  // RFC 5322 §3.6.4: keep the first (thread root) and the most recent ids when trimming.
  const references = chain.length > MAX_REFERENCES ? [chain[0]!, ...chain.slice(-(MAX_REFERENCES - 1))] : chain;
  return { subject: replySubject(subjectSource), inReplyTo, references };
}
