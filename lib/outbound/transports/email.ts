import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import { readStoredFile } from "@/lib/storage/attachments";
import { tenantOfKey } from "@/lib/storage/keys";
import { permanent, transient, TransportError } from "./errors";
import { REDACTED_SECRET, type TProviderRequest, type TSendRequest, type TTransport } from "./types";

/**
 * Email over the channel's own SMTP server (credentials `smtp` block). Replies
 * thread in the customer's mail client: `In-Reply-To` is the last inbound
 * Message-ID, `References` carries the chain, `Subject` is "Re: …". The
 * Message-ID is ours, derived from the message id on Sotto's domain, so a retry
 * sends the same Message-ID (clients and archives de-duplicate on it) and the
 * IMAP side can recognise our own mail.
 */
export function outboundEmailMessageId(messageId: string): string {
  return `<sotto.${messageId}@${new URL(env.APP_URL).hostname}>`;
}

/** "Re: " once, however many times the subject was already prefixed (Re:, RE:, Fwd is kept). */
export function replySubject(subject: string | null | undefined): string {
  const s = (subject ?? "").replace(/[\r\n]+/g, " ").trim();
  if (!s) return "Re: your message";
  return /^re\s*:/i.test(s) ? s.replace(/^(re\s*:\s*)+/i, "Re: ") : `Re: ${s}`;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

const isOAuth = (c: object): boolean => {
  const oauth = (c as { oauth?: unknown }).oauth;
  return typeof oauth === "object" && oauth !== null;
};

type TMail = {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; storageKey: string }[];
};

function buildMail(req: TSendRequest<"email">): TMail {
  const c = req.credentials;
  const address = c?.address ?? req.channel.externalId;
  if (!req.email) throw permanent("email_threading_missing", "Email messages need a subject");
  if (!req.text && req.attachments.length === 0) throw permanent("empty_message", "Nothing to send: the email has no text or attachment");
  const attachments = req.attachments.map((a) => {
    if (!a.storageKey) throw permanent("attachment_unavailable", `The attachment "${a.fileName}" could not be read`);
    return { filename: a.fileName, contentType: a.contentType, storageKey: a.storageKey };
  });
  return {
    from: { name: c?.fromName ?? req.channel.name, address },
    to: req.recipient,
    subject: req.email.subject,
    text: req.text ?? "",
    messageId: outboundEmailMessageId(req.messageId),
    ...(req.email.inReplyTo ? { inReplyTo: req.email.inReplyTo } : {}),
    ...(req.email.references.length ? { references: req.email.references } : {}),
    // Automatic messages say so (RFC 3834), so auto-responders do not answer them in a loop.
    headers: req.authorType === "agent" ? {} : { "Auto-Submitted": "auto-replied" },
    attachments,
  };
}

function describe(req: TSendRequest<"email">): Extract<TProviderRequest, { transport: "smtp" }> {
  const mail = buildMail(req);
  const smtp = req.credentials?.smtp;
  const headers: Record<string, string | string[]> = {
    From: `${/^[\w .-]*$/.test(mail.from.name) ? mail.from.name : JSON.stringify(mail.from.name)} <${mail.from.address}>`,
    To: mail.to,
    Subject: mail.subject,
    "Message-ID": mail.messageId,
    ...(mail.inReplyTo ? { "In-Reply-To": mail.inReplyTo } : {}),
    ...(mail.references ? { References: mail.references } : {}),
    ...mail.headers,
  };
  return {
    transport: "smtp",
    server: { host: smtp?.host ?? "{smtp.host}", port: smtp?.port ?? 587, secure: smtp?.secure ?? false, user: smtp ? smtp.user : REDACTED_SECRET },
    envelope: { from: mail.from.address, to: [mail.to] },
    headers,
    text: mail.text,
    attachments: req.attachments.map((a) => ({ fileName: a.fileName, contentType: a.contentType, size: a.size })),
  };
}

/** nodemailer's error: `responseCode` is the SMTP reply code, `code` a connection-level label. */
function smtpTransportError(error: unknown): TransportError {
  const e = (error ?? {}) as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = typeof e.responseCode === "number" ? e.responseCode : null;
  const reason = (e.response || e.message || "The mail server refused the message").slice(0, 500);
  if (e.code === "EAUTH") return permanent("smtp_auth", `The mail server refused the channel's username or password (${reason})`);
  if (reply !== null && reply >= 500) return permanent(`smtp_${reply}`, reason);
  if (reply !== null && reply >= 400) return transient(`smtp_${reply}`, reason);
  if (e.code === "EENVELOPE" || e.code === "EMESSAGE") return permanent(`smtp_${e.code.toLowerCase()}`, reason);
  // Connection refused, timeouts, TLS and DNS trouble: the server may be back soon.
  return transient(`smtp_${(e.code ?? "error").toLowerCase()}`, reason);
}

export const emailTransport: TTransport<"email"> = {
  name: "smtp",
  describe,
  async send(req) {
    const c = req.credentials;
    if (!c) throw permanent("no_credentials", "The email channel has no SMTP settings");
    const mail = buildMail(req);
    // The files themselves go into the mail (a link would expire and would need the recipient to be online).
    const attachments = await Promise.all(
      mail.attachments.map(async (a) => {
        // Another workspace's key can never be read by this one: failing now beats retrying a refusal.
        if (tenantOfKey(a.storageKey) !== req.tenantId) throw permanent("attachment_unavailable", `The attachment "${a.filename}" is not stored for this workspace`);
        const bytes = await readStoredFile(req.tenantId, a.storageKey).catch((error: unknown) => {
          throw transient("attachment_read", `The attachment "${a.filename}" could not be read from storage (${String(error).slice(0, 200)})`);
        });
        if (!bytes) throw permanent("attachment_unavailable", `The attachment "${a.filename}" is no longer stored`);
        return { filename: a.filename, contentType: a.contentType, content: Buffer.from(bytes) };
      }),
    );
    // Mailboxes connected by OAuth (Google, Microsoft): smtp.pass holds the current access token, kept fresh by the IMAP poller.
    const oauth = isOAuth(c);
    const transport = nodemailer.createTransport({
      host: c.smtp.host,
      port: c.smtp.port,
      secure: c.smtp.secure,
      // Passwords never cross the network in clear text; only a relay on this machine may skip TLS.
      requireTLS: !c.smtp.secure && !LOOPBACK.has(c.smtp.host),
      auth: oauth ? { type: "OAuth2", user: c.smtp.user, accessToken: c.smtp.pass } : { user: c.smtp.user, pass: c.smtp.pass },
      connectionTimeout: 20_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    try {
      const info = await transport.sendMail({ ...mail, attachments, envelope: { from: mail.from.address, to: [mail.to] } });
      if (info.rejected?.length) throw permanent("smtp_rejected", `The mail server rejected the recipient (${String(info.response ?? "").slice(0, 300)})`);
      return { providerMessageId: mail.messageId, details: { smtpResponse: String(info.response ?? "").slice(0, 300) } };
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const mapped = smtpTransportError(error);
      // An expired OAuth token is refreshed by the poller within minutes: retry rather than fail.
      if (oauth && mapped.code === "smtp_auth") throw transient("smtp_auth", mapped.message);
      throw mapped;
    } finally {
      transport.close();
    }
  },
};
