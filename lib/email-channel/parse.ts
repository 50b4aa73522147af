import { createHash } from "node:crypto";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import { normaliseMessageId } from "@/lib/outbound/email-threading";
import { sanitizeEmailHtml } from "./sanitize";
import { stripQuotedReply, textDirection } from "./text";

/**
 * One inbound email, parsed (mailparser: MIME structure, transfer encodings,
 * RFC 2047 headers, any charset iconv knows) and reduced to what the inbox
 * stores. HTML is sanitised here, before anything is stored.
 *
 * Threading contract (lib/outbound/email-threading.ts): Message-IDs are kept
 * with angle brackets; `threadIds` are In-Reply-To then References, newest
 * first, which ingest matches against the channel's stored Message-IDs.
 */

export type TMailAddress = { address: string; name: string | null };

export type TAttachmentMeta = {
  fileName: string | null;
  /** As declared by the sender; the stored Attachment row has the type sniffed from the content. */
  declaredContentType: string;
  size: number;
  sha256: string;
  contentId: string | null;
  inline: boolean;
};

export type TParsedEmail = {
  messageId: string;
  /** True when the mail had no usable Message-ID and one was derived from its content. */
  messageIdDerived: boolean;
  inReplyTo: string | null;
  references: string[];
  /** In-Reply-To and References for ingest's thread lookup (newest first, unique). */
  threadIds: string[];
  subject: string | null;
  from: TMailAddress | null;
  replyTo: TMailAddress | null;
  to: TMailAddress[];
  cc: TMailAddress[];
  date: Date | null;
  /** The new part of the message (quoted history removed). */
  text: string | null;
  quotedOmitted: boolean;
  html: string | null;
  remoteContentBlocked: boolean;
  direction: "ltr" | "rtl";
  attachments: TAttachmentMeta[];
  /** The attachments' bytes, index for index with `attachments` (stored by lib/email-channel/attachments.ts, never put in the payload). */
  attachmentContents: Buffer[];
  /** RFC 3834 Auto-Submitted / Precedence: auto-replies and bulk mail. */
  automated: boolean;
};

const MAX_TEXT = 60 * 1024;
const MAX_ATTACHMENTS = 50;

function addresses(v: AddressObject | AddressObject[] | undefined): TMailAddress[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  const out: TMailAddress[] = [];
  const walk = (entries: AddressObject["value"]) => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address.trim().toLowerCase(), name: e.name?.trim() || null });
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

function idList(v: string | string[] | undefined): string[] {
  const raw = Array.isArray(v) ? v.join(" ") : (v ?? "");
  const ids = raw.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(ids.map((id) => normaliseMessageId(id)).filter((x): x is string => x !== null))];
}

function header(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  return typeof v === "string" ? v : v == null ? null : String((v as { value?: unknown }).value ?? v);
}

const clip = (s: string | null | undefined, max: number) => (s == null ? null : s.length > max ? `${s.slice(0, max)}…` : s);

export async function parseEmail(source: Buffer | string): Promise<TParsedEmail> {
  const raw = typeof source === "string" ? Buffer.from(source, "utf8") : source;
  // Inline images stay cid: links (not data: URIs), attachments stay out of the HTML.
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });

  const ownId = normaliseMessageId(mail.messageId);
  const messageId = ownId ?? `<${createHash("sha256").update(raw).digest("hex").slice(0, 40)}@derived.sotto.invalid>`;
  const inReplyTo = idList(mail.inReplyTo)[0] ?? null;
  const references = idList(mail.references);
  const threadIds = [...new Set([...(inReplyTo ? [inReplyTo] : []), ...[...references].reverse()])].filter((id) => id !== messageId);

  const sanitized = typeof mail.html === "string" && mail.html.trim() ? sanitizeEmailHtml(mail.html) : null;
  const fullText = (mail.text ?? "").trim();
  const reply = fullText ? stripQuotedReply(fullText) : { text: "", quotedOmitted: false };

  const autoSubmitted = header(mail, "auto-submitted");
  const precedence = header(mail, "precedence");
  const automated = Boolean((autoSubmitted && !/^no$/i.test(autoSubmitted.trim())) || (precedence && /^(bulk|junk|list|auto_reply)$/i.test(precedence.trim())));

  const attachmentContents = mail.attachments.slice(0, MAX_ATTACHMENTS).map((a) => a.content ?? Buffer.alloc(0));
  const attachments = mail.attachments.slice(0, MAX_ATTACHMENTS).map<TAttachmentMeta>((a) => ({
    fileName: a.filename ? a.filename.slice(0, 255) : null,
    declaredContentType: (a.contentType || "application/octet-stream").slice(0, 127),
    size: a.size ?? a.content?.length ?? 0,
    sha256: createHash("sha256").update(a.content ?? Buffer.alloc(0)).digest("hex"),
    contentId: a.contentId ? a.contentId.replace(/^<|>$/g, "").slice(0, 300) : null,
    inline: a.contentDisposition === "inline" || Boolean(a.related),
  }));

  const text = clip(reply.text || null, MAX_TEXT);
  return {
    messageId,
    messageIdDerived: !ownId,
    inReplyTo,
    references,
    threadIds,
    subject: mail.subject?.replace(/[\r\n]+/g, " ").trim() || null,
    from: addresses(mail.from)[0] ?? null,
    replyTo: addresses(mail.replyTo)[0] ?? null,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    text,
    quotedOmitted: reply.quotedOmitted,
    html: sanitized?.html || null,
    remoteContentBlocked: sanitized?.remoteContentBlocked ?? false,
    direction: textDirection(text ?? mail.subject),
    attachments,
    attachmentContents,
    automated,
  };
}
