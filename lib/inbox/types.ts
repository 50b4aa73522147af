import type { TConversationStatus } from "./filters";

/**
 * What the inbox API returns to the browser (JSON: dates are ISO strings).
 * Types only, shared by lib/inbox (server) and components/inbox (client).
 */
export type TChannelType = "widget" | "whatsapp" | "messenger" | "instagram" | "twilio_sms" | "twilio_whatsapp" | "email";
export type TPriority = "none" | "low" | "medium" | "high" | "urgent";
export type TDeliveryStatus = "received" | "queued" | "sent" | "delivered" | "read" | "failed" | "sandboxed";
export type TMessageKind = "text" | "media" | "location" | "interactive" | "reaction" | "template" | "email" | "note" | "unsupported";

export type TLabelDto = { id: string; name: string; color: string };
export type TPersonDto = { id: string; name: string | null; email: string };

export type TConversationSummary = {
  id: string;
  /** Effective status: a snooze whose time has passed reads as open. */
  status: TConversationStatus;
  snoozedUntil: string | null;
  priority: TPriority;
  subject: string | null;
  lastActivityAt: string;
  lastMessagePreview: string | null;
  unreadCount: number;
  resolvedAt: string | null;
  createdAt: string;
  channel: { id: string; type: TChannelType; name: string; sandbox: boolean };
  contact: { id: string; name: string | null; email: string | null; phone: string | null };
  assignee: TPersonDto | null;
  team: { id: string; name: string } | null;
  labels: TLabelDto[];
  /** Search results only: the best matching message with U+E000/U+E001 around the matches. */
  highlight?: { messageId: string; text: string } | null;
};

export type TConversationPage = { items: TConversationSummary[]; nextCursor: string | null };

/** `url`: a signed, expiring download URL minted server-side for the agent (lib/storage/signed-url.ts). */
export type TAttachmentDto = {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  url: string | null;
  /** Shown inside the email's body (a resolved cid: image), so not listed again below it. */
  inline?: boolean;
};

export type TMessageDto = {
  id: string;
  conversationId: string;
  direction: "inbound" | "outbound";
  authorType: "contact" | "agent" | "bot" | "system";
  author: { id: string | null; name: string | null };
  kind: TMessageKind;
  text: string | null;
  /** Sanitised by ingest and again when read (cid: images resolved to this message's attachments); rendered only inside a sandboxed iframe. */
  html: string | null;
  payload: Record<string, unknown>;
  isPrivate: boolean;
  clientMessageId: string | null;
  status: TDeliveryStatus;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  attachments: TAttachmentDto[];
};

export type TMessagePage = { items: TMessageDto[]; olderCursor: string | null };

export type TInboxCounts = {
  folders: Record<"mine" | "unassigned" | "all", { open: number; unread: number }>;
  /** Unread conversations per status, within the requested folder. */
  statuses: Record<TConversationStatus, { total: number | null; unread: number }>;
};

export type TIdentityDto = { id: string; kind: "phone" | "wa_id" | "bsuid" | "psid" | "igsid" | "email" | "visitor"; value: string; channelName: string | null };

export type TContactDetail = {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  attributes: Record<string, string>;
  restricted: boolean;
  noProfiling: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  identities: TIdentityDto[];
  optIns: { channelType: TChannelType; status: "opted_in" | "opted_out"; source: string; changedAt: string }[];
  conversations: { id: string; status: TConversationStatus; channelType: TChannelType; channelName: string; lastActivityAt: string; preview: string | null }[];
  mergedFrom: number;
};

export type TContactMatch = { id: string; name: string | null; email: string | null; phone: string | null; conversations: number };
