/**
 * What the widget API returns to the chat frame (JSON: dates are ISO strings).
 * Types only, shared by the server (lib/widget) and the frame bundle (widget/frame):
 * no imports, so nothing server-side reaches the browser bundle.
 */
export type TWidgetAuthor = "visitor" | "agent" | "bot" | "system";

/** Visitor messages are `received` once stored; agent messages move sent → delivered → read. */
export type TWidgetMessageStatus = "received" | "sent" | "delivered" | "read";

export type TWidgetMessage = {
  id: string;
  conversationId: string;
  /** The frame's own id for a visitor message: how a resend is matched to what was stored. */
  clientMessageId: string | null;
  from: TWidgetAuthor;
  /** First name of the answering agent (never their email or full name). */
  authorName: string | null;
  /** The message text ("" for a file sent on its own). */
  text: string;
  /** Files of the message, each with a signed download URL that expires (a refetched thread gets fresh ones). */
  attachments: TWidgetAttachment[];
  status: TWidgetMessageStatus;
  createdAt: string;
  /** Server time of the last change (ms since the epoch, as a string): the SSE cursor. */
  version: string;
};

export type TWidgetAttachment = {
  id: string;
  /** The cleaned file name (no path). */
  name: string;
  /** Sniffed from the bytes when stored: `image/png`, `application/pdf`… */
  type: string;
  /** Bytes. */
  size: number;
  url: string;
};

export type TWidgetHistory = { messages: TWidgetMessage[]; cursor: string };

export type TWidgetSession = {
  token: string;
  expiresAt: string;
  channel: TWidgetPublicSettings;
};

/** Answer to a text message or a file (POST /api/widget/messages, /api/widget/attachments). */
export type TWidgetSendResult = { message: TWidgetMessage | null; duplicate: boolean };

/** The subset of channel settings the visitor's browser gets. */
export type TWidgetPublicSettings = {
  title: string;
  greeting: string;
  brandColor: string;
  brandText: string;
  position: "right" | "left";
  launcherLabel: string;
  /** Inside business hours (always true without a schedule). */
  open: boolean;
  offlineMessage: string;
  /** Human-readable opening hours, e.g. "Mon–Fri 09:00–18:00 (Europe/Rome)"; null without a schedule. */
  hoursSummary: string | null;
  /** The largest file a visitor may send (bytes): the frame refuses bigger ones before uploading. */
  maxFileBytes: number;
};

/** What the frame's HTML shell hands the frame script (a JSON data block). */
export type TFrameConfig = { key: string; hostOrigin: string; settings: TWidgetPublicSettings };

export const WIDGET_MAX_TEXT_CHARS = 4000;

/** Images the frame shows as thumbnails (the download route serves exactly these inline). */
export const WIDGET_INLINE_IMAGE = /^image\/(png|jpeg|gif|webp|avif)$/;
