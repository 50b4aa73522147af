import "server-only";
import { pool, withRawTenant } from "@/lib/db/client";
import type { ChannelType, IdentityKind, MessageKind } from "@/lib/db/generated/enums";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import { INGEST_SQL, ingestBatched, retryConcurrentDuplicate, type TIngestParams, type TIngestRow } from "./ingest-batch";
import { classifyOptKeyword } from "./opt-keywords";
import { toE164 } from "./phone";

/**
 * The one way an inbound message enters Sotto, whatever the channel: webhook
 * handlers (Meta, Twilio, email) and the widget normalise their payloads to
 * `TInbound` and call `ingestInbound`. One SQL call (sotto_ingest_message, see
 * the ingest migration) stores raw event, contact, conversation, message,
 * opt-in keyword, outbox events and the delivery log line in one transaction;
 * duplicates are detected there, race-safe. Deliveries that arrive together
 * share that transaction (group commit, see ./ingest-batch).
 */
export type TInbound = {
  tenantId: string;
  channelId: string;
  channelType: ChannelType;
  /** Most stable identity first (it settles races between two first messages). Phone values are normalised to E.164. */
  contact: { identities: { kind: IdentityKind; value: string }[]; name?: string | null; phone?: string | null; email?: string | null };
  /** null only for widget messages (then clientMessageId is required). */
  providerMessageId: string | null;
  clientMessageId?: string | null;
  kind: MessageKind;
  text?: string | null;
  html?: string | null;
  payload?: Record<string, unknown>;
  subject?: string | null;
  /** Email threading: the Message-IDs this message replies to (In-Reply-To / References, whitespace-separated). */
  threadKey?: string | null;
  receivedAt?: Date;
  raw: { provider: string; eventKey: string; payload: unknown };
  /**
   * Files the sender attached, already written to storage (lib/storage): their
   * Attachment rows are inserted with the message, in the same transaction, so
   * the inbox, the live event and automation never see the message without
   * them. A duplicate delivery inserts none (the caller removes its files).
   */
  attachments?: TInboundFile[];
};

/** An attachment file already in storage, described as its Attachment row will be. */
export type TInboundFile = { fileName: string; contentType: string; size: number; storageKey: string; sha256: string };

export type TIngestResult = {
  messageId: string;
  conversationId: string;
  contactId: string;
  /** True for a delivery already stored (provider retry): nothing was written. */
  duplicate: boolean;
  /** With `attachments`: ids of the Attachment rows written, in order (empty for a duplicate). */
  attachmentIds?: string[];
};

export type TIngestOptions = {
  /** Record the delivery in DeliveryLog (accepted / duplicate) with this HTTP status, in the same transaction. */
  logHttpStatus?: number;
};

export type TInboundStatus = {
  tenantId: string;
  channelId: string;
  providerMessageId: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: Date;
  errorCode?: string | null;
  errorMessage?: string | null;
  raw: { provider: string; eventKey: string; payload: unknown };
};

const OPT_CHANNELS: ReadonlySet<ChannelType> = new Set(["whatsapp", "twilio_sms", "twilio_whatsapp"]);
const PREVIEW_CHARS = 140;
const MAX_TEXT = 64 * 1024;

const PREVIEW_BY_KIND: Partial<Record<MessageKind, string>> = {
  media: "[media]",
  location: "[location]",
  reaction: "[reaction]",
  template: "[template]",
  unsupported: "[unsupported message]",
};

/** The conversation list's one-line preview. */
export function previewOf(m: Pick<TInbound, "kind" | "text" | "payload" | "subject">): string {
  const caption = typeof m.payload?.caption === "string" ? m.payload.caption : null;
  const source = m.text ?? caption ?? m.subject ?? null;
  if (source && source.trim()) {
    const oneLine = source.replace(/\s+/g, " ").trim();
    return oneLine.length > PREVIEW_CHARS ? `${oneLine.slice(0, PREVIEW_CHARS - 1)}…` : oneLine;
  }
  const media = typeof m.payload?.mediaType === "string" ? `[${m.payload.mediaType}]` : null;
  return media ?? PREVIEW_BY_KIND[m.kind] ?? `[${m.kind}]`;
}

function identitiesOf(m: TInbound): { kind: IdentityKind; value: string }[] {
  const out: { kind: IdentityKind; value: string }[] = [];
  for (const i of m.contact.identities) {
    const value = i.kind === "phone" ? toE164(i.value) : i.kind === "email" ? i.value.trim().toLowerCase() : i.value.trim();
    if (value && !out.some((o) => o.kind === i.kind && o.value === value)) out.push({ kind: i.kind, value });
  }
  return out;
}

/** PostgreSQL text and jsonb refuse NUL and lone surrogates; a provider payload containing them must still be stored. */
const safe = (s: string) => s.toWellFormed().replace(/\u0000/g, "\uFFFD");
const clip = (s: string | null | undefined, max: number) => (s == null ? null : safe(s.length > max ? s.slice(0, max) : s));
const json = (v: unknown) => JSON.stringify(v ?? null, (_k, x: unknown) => (typeof x === "string" ? safe(x) : x));

/**
 * The channel was disconnected (or deleted) although the caller's route said
 * otherwise (a web process's route cache lags a disconnect by up to 5 s).
 * Nothing was stored; the refusal is in the delivery log when the caller asked
 * for logging. Webhook handlers answer 404 as for a disconnected route.
 */
export class ChannelDisconnectedError extends Error {
  constructor(readonly channelId: string) {
    super(`channel ${channelId} is disconnected`);
    this.name = "ChannelDisconnectedError";
  }
}

export async function ingestInbound(m: TInbound, opts: TIngestOptions = {}): Promise<TIngestResult> {
  const identities = identitiesOf(m);
  if (!identities.length) throw new Error("ingestInbound: the contact has no usable identity");
  if (!m.providerMessageId && !m.clientMessageId) throw new Error("ingestInbound: providerMessageId or clientMessageId is required");
  const opt = OPT_CHANNELS.has(m.channelType) && m.kind === "text" ? classifyOptKeyword(m.text) : null;
  const threadKeys = m.threadKey ? m.threadKey.split(/\s+/).filter(Boolean).slice(0, 50) : null;
  const params: TIngestParams = [
    m.tenantId,
    m.channelId,
    m.channelType,
    json(identities),
    clip(m.contact.name?.trim() || null, 200),
    toE164(m.contact.phone),
    m.contact.email?.trim().toLowerCase() || null,
    m.providerMessageId,
    m.clientMessageId ?? null,
    m.kind,
    clip(m.text, MAX_TEXT),
    clip(m.html, 4 * MAX_TEXT),
    json(m.payload ?? {}),
    clip(m.subject, 500),
    threadKeys,
    m.receivedAt ?? null,
    previewOf(m),
    m.raw.provider,
    m.raw.eventKey,
    json(m.raw.payload),
    opt?.status ?? null,
    opt?.keyword ?? null,
    opts.logHttpStatus ?? null,
  ];
  const stored: { row: TIngestRow | undefined; attachmentIds: string[] } = m.attachments?.length
    ? await retryConcurrentDuplicate(() => ingestWithFiles(m.tenantId, params, m.attachments!))
    : { row: await ingestBatched(params, `${m.tenantId}\u0000${m.channelId}\u0000${identities[0]!.value}`), attachmentIds: [] };
  const row = stored.row;
  if (!row) throw new Error("sotto_ingest_message returned no row");
  if (row.refused) throw new ChannelDisconnectedError(m.channelId);
  const result: TIngestResult = {
    messageId: row.message_id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    duplicate: row.duplicate,
    ...(m.attachments?.length ? { attachmentIds: stored.attachmentIds } : {}),
  };
  // Live update after commit; not awaited: the provider's 200 must not wait on Redis.
  if (!result.duplicate) {
    publish(m.tenantId, { type: "message.created", conversationId: result.conversationId, messageId: result.messageId }).catch((error) =>
      log.warn("realtime publish failed after ingest", { error, tenantId: m.tenantId }),
    );
  }
  return result;
}

/**
 * The ingest statement and the message's Attachment rows in one transaction
 * (the hot path without files stays a single statement). sotto_ingest_message
 * sets the tenant context for the transaction; it is set here first as well,
 * so the inserts never depend on that detail of the function.
 */
async function ingestWithFiles(tenantId: string, params: TIngestParams, files: TInboundFile[]): Promise<{ row: TIngestRow | undefined; attachmentIds: string[] }> {
  return withRawTenant(tenantId, async (client) => {
    const row = (await client.query<TIngestRow>(INGEST_SQL, params)).rows[0];
    const attachmentIds: string[] = [];
    if (row && !row.refused && !row.duplicate) {
      for (const f of files) {
        const { rows } = await client.query<{ id: string }>(
          `INSERT INTO "Attachment" (id, "tenantId", "messageId", "fileName", "contentType", size, "storageKey", sha256, "createdAt")
           VALUES (sotto_new_id(), $1, $2, $3, $4, $5, $6, $7, now() AT TIME ZONE 'UTC') RETURNING id`,
          [tenantId, row.message_id, clip(f.fileName, 200), f.contentType, f.size, f.storageKey, f.sha256],
        );
        attachmentIds.push(rows[0]!.id);
      }
    }
    return { row, attachmentIds };
  });
}

/**
 * A provider status for an outbound message. A status for a provider id Sotto
 * does not know yet (the callback beat the send's commit) is kept
 * (`pending: true`) and applied when the send records the id.
 */
export async function ingestStatus(s: TInboundStatus, opts: TIngestOptions = {}): Promise<{ updated: boolean; pending: boolean }> {
  const { rows } = await pool().query<{ updated: boolean; message_id: string | null; conversation_id: string | null; pending: boolean; refused: boolean }>(
    `SELECT * FROM sotto_ingest_status($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)`,
    [
      s.tenantId,
      s.channelId,
      s.providerMessageId,
      s.status,
      s.at,
      clip(s.errorCode, 100),
      clip(s.errorMessage, 1000),
      s.raw.provider,
      s.raw.eventKey,
      json(s.raw.payload),
      opts.logHttpStatus ?? null,
    ],
  );
  const row = rows[0];
  if (row?.refused) throw new ChannelDisconnectedError(s.channelId);
  if (row?.updated && row.message_id && row.conversation_id) {
    publish(s.tenantId, { type: "message.updated", conversationId: row.conversation_id, messageId: row.message_id }).catch((error) =>
      log.warn("realtime publish failed after status", { error, tenantId: s.tenantId }),
    );
  }
  return { updated: Boolean(row?.updated), pending: Boolean(row?.pending) };
}
