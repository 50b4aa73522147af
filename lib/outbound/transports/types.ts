import type { ChannelType } from "@/lib/db/generated/enums";
import type { TChannelCredentials } from "../credentials";

/**
 * One outbound message, resolved from the database by the send function and
 * handed to a transport. Transports never touch the database: they build the
 * provider request, make it, and report the outcome (or throw TransportError).
 */
export type TOutboundTemplate = { name: string; language: string; variables: string[] };

export type TOutboundAttachment = {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  /** A URL the provider can fetch (WhatsApp `link`, Twilio `MediaUrl`, Messenger `payload.url`); null when none can be made. */
  url: string | null;
  /** Where the bytes are stored (lib/storage): SMTP attaches the file itself rather than a link. */
  storageKey?: string;
};

export type TEmailThreading = {
  /** Subject of the outgoing mail, already prefixed with "Re: " when replying. */
  subject: string;
  /** Message-ID of the last inbound mail (angle brackets included), or null for a first message. */
  inReplyTo: string | null;
  /** The References chain: the inbound mail's References followed by its Message-ID. */
  references: string[];
};

export type TSendRequest<T extends ChannelType = ChannelType> = {
  tenantId: string;
  messageId: string;
  channel: { id: string; type: T; externalId: string; name: string; settings: Record<string, unknown> };
  /** Decrypted credentials; null in the sandbox when the channel has none. */
  credentials: TChannelCredentials<T> | null;
  /** The contact's address on this channel (wa_id, PSID/IGSID, E.164 phone, email address, visitor id). */
  recipient: string;
  authorType: "agent" | "bot" | "system";
  text: string | null;
  template: TOutboundTemplate | null;
  attachments: TOutboundAttachment[];
  /** When the contact last wrote on this conversation; opens the providers' customer-service windows. */
  lastInboundAt: Date | null;
  email: TEmailThreading | null;
  now: Date;
};

/** What the provider would receive, with secrets replaced: shown in the inbox for sandboxed messages. */
export type TProviderRequest =
  | { transport: "http"; method: "POST"; url: string; headers: Record<string, string>; body: unknown; contentType: "application/json" | "application/x-www-form-urlencoded" }
  | { transport: "smtp"; server: { host: string; port: number; secure: boolean; user: string }; envelope: { from: string; to: string[] }; headers: Record<string, string | string[]>; text: string; attachments: { fileName: string; contentType: string; size: number }[] }
  | { transport: "widget"; visitor: string; text: string | null; attachments: { fileName: string; contentType: string; size: number }[] };

export type TSendResult = {
  /** The provider's id for the message (wamid, Messenger mid, Twilio SM sid, our RFC 5322 Message-ID); null for the widget. */
  providerMessageId: string | null;
  /** Extra facts worth keeping on the message (e.g. which Messenger tag was used). */
  details?: Record<string, unknown>;
};

export type TTransport<T extends ChannelType = ChannelType> = {
  readonly name: string;
  /**
   * The exact request `send` would make, with secrets redacted. Throws
   * TransportError (permanent) when the message cannot be sent at all (outside a
   * provider's customer-service window, missing recipient), so the sandbox
   * refuses what the real provider would refuse.
   */
  describe(req: TSendRequest<T>): TProviderRequest;
  send(req: TSendRequest<T>): Promise<TSendResult>;
};

export const REDACTED_SECRET = "[redacted]";
