import "server-only";
import { ZodError } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import type { ChannelType, DeliveryStatus } from "@/lib/db/generated/enums";
import { withTenant, type TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { DecryptionError } from "@/lib/crypto/key-ring";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import { attachmentUrl } from "@/lib/storage/signed-url";
import { decryptChannelCredentials } from "./channel-secrets";
import { emailThreading } from "./email-threading";
import { outboundRefusal, PURPOSES, type TPurpose } from "./policy";
import { recipientFor } from "./recipient";
import { ZOutboundTemplate } from "./queue";
import { permanent, transient, TransportError } from "./transports/errors";
import { transportFor } from "./transports/registry";
import { sandboxRecord, usesSandbox } from "./transports/sandbox";
import type { TOutboundAttachment, TSendRequest, TSendResult } from "./transports/types";

/**
 * Delivery of one queued outbound message, in two parts so that a provider is
 * asked at most once per successful send:
 *
 * 1. `attemptDelivery` claims the message, loads it under RLS, re-checks policy,
 *    and either records the sandbox request, or calls the provider and returns
 *    what it said (the caller memoises that, e.g. as an Inngest step result).
 *    Permanent errors are recorded as `failed` here; transient ones are thrown
 *    (retried) until the last attempt, which records `failed`.
 * 2. `recordAccepted` marks the message `sent` with the provider's id.
 *
 * Idempotency: only a `queued` message is sent, so a redelivered event for a
 * sent (or failed, or sandboxed) message does nothing. Two concurrent runs are
 * kept apart by a claim on the message (`payload.delivery.runId`, a lease of
 * CLAIM_LEASE_MS): the other run backs off and, retried, finds it sent. Only a
 * crash between the provider's answer and the memoised result can repeat a
 * send; for email the repeat carries the same Message-ID.
 */
export const CLAIM_LEASE_MS = 2 * 60_000;

export type TDeliveryContext = { runId: string; attempt: number; maxAttempts: number };

export type TAttemptOutcome =
  | { outcome: "skipped"; status: DeliveryStatus }
  | { outcome: "accepted"; transport: string; providerMessageId: string | null; details: Record<string, unknown> | null }
  | { outcome: "sandboxed" }
  | { outcome: "failed"; code: string; reason: string };

/** Stored on the message for every attempt: what happened, for support and the inbox. */
type TFailure = { code: string; reason: string; provider?: unknown; optedOut?: boolean };

/**
 * Where a provider fetches outbound media: a signed, expiring Sotto URL on
 * APP_URL (lib/storage/signed-url.ts). Providers fetch when the message is
 * sent, well within the URL's lifetime; a stored file that has gone away
 * answers 404 and the provider reports the failure.
 */
function providerMediaUrl(tenantId: string, attachment: { id: string }, at: Date): string {
  return attachmentUrl(tenantId, attachment.id, at);
}

const isQueued = (s: DeliveryStatus) => s === "queued";

async function claim(tx: TTx, tenantId: string, messageId: string, ctx: TDeliveryContext, at: Date): Promise<boolean> {
  const delivery = JSON.stringify({ runId: ctx.runId, claimedAt: at.toISOString(), attempt: ctx.attempt });
  const cutoff = new Date(at.getTime() - CLAIM_LEASE_MS).toISOString();
  const claimed = await tx.$executeRaw(Prisma.sql`
    UPDATE "Message" SET payload = jsonb_set(payload, '{delivery}', ${delivery}::jsonb, true)
    WHERE "tenantId" = ${tenantId} AND id = ${messageId} AND direction = 'outbound' AND status = 'queued' AND "isPrivate" = false
      AND (payload->'delivery'->>'runId' IS NULL
        OR payload->'delivery'->>'runId' = ${ctx.runId}
        OR (payload->'delivery'->>'claimedAt')::timestamptz < ${cutoff}::timestamptz)`);
  return claimed === 1;
}

async function loadForSend(tx: TTx, tenantId: string, messageId: string) {
  const message = await tx.message.findFirst({
    where: { tenantId, id: messageId },
    select: {
      id: true,
      conversationId: true,
      authorType: true,
      text: true,
      payload: true,
      createdAt: true,
      attachments: { select: { id: true, fileName: true, contentType: true, size: true, storageKey: true }, orderBy: { createdAt: "asc" } },
      channel: { select: { id: true, tenantId: true, type: true, externalId: true, name: true, settings: true, sandbox: true, status: true, credentials: true } },
      conversation: {
        select: {
          subject: true,
          contact: {
            select: { id: true, restricted: true, phone: true, email: true, identities: { select: { kind: true, value: true, channelId: true }, orderBy: { createdAt: "asc" } } },
          },
        },
      },
    },
  });
  if (!message) return null;
  const lastInbound = await tx.message.findFirst({
    where: { tenantId, conversationId: message.conversationId, direction: "inbound", isPrivate: false },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true, providerMessageId: true, payload: true },
  });
  return { message, lastInbound };
}

type TLoaded = NonNullable<Awaited<ReturnType<typeof loadForSend>>>;

function payloadOf(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function buildRequest(tenantId: string, { message, lastInbound }: TLoaded, at: Date, withCredentials: boolean): TSendRequest {
  const channel = message.channel;
  const payload = payloadOf(message.payload);
  const template = payload.template ? ZOutboundTemplate.parse(payload.template) : null;
  const recipient = recipientFor(channel, message.conversation.contact);
  if (!recipient) throw permanent("no_recipient", "The contact has no address on this channel");
  const attachments: TOutboundAttachment[] = message.attachments.map((a) => ({
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    url: providerMediaUrl(tenantId, a, at),
    storageKey: a.storageKey,
  }));
  let credentials = null;
  if (withCredentials) {
    try {
      credentials = decryptChannelCredentials(channel);
    } catch (error) {
      if (error instanceof DecryptionError || error instanceof ZodError || error instanceof SyntaxError) {
        throw permanent("credentials_invalid", "The channel's stored credentials cannot be read; reconnect the channel");
      }
      throw error;
    }
  }
  return {
    tenantId,
    messageId: message.id,
    channel: { id: channel.id, type: channel.type, externalId: channel.externalId, name: channel.name, settings: payloadOf(channel.settings) },
    credentials,
    recipient,
    authorType: message.authorType === "contact" ? "system" : message.authorType,
    text: message.text,
    template,
    attachments,
    lastInboundAt: lastInbound?.createdAt ?? null,
    email: channel.type === "email" ? emailThreading(message.conversation, channel.name, lastInbound) : null,
    now: at,
  } as TSendRequest;
}

async function announce(tenantId: string, conversationId: string, messageId: string): Promise<void> {
  await publish(tenantId, { type: "message.updated", conversationId, messageId }).catch((error) =>
    log.warn("outbound live update not published", { error: String(error), messageId }),
  );
}

async function mergePayload(tx: TTx, tenantId: string, messageId: string, patch: Record<string, unknown>): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    UPDATE "Message" SET payload = payload || ${JSON.stringify(patch)}::jsonb WHERE "tenantId" = ${tenantId} AND id = ${messageId}`);
}

/** Marks a still-queued message failed with the provider's code and reason. */
async function recordFailed(tx: TTx, tenantId: string, messageId: string, f: TFailure, at: Date): Promise<boolean> {
  const updated = await tx.message.updateMany({
    where: { tenantId, id: messageId, status: "queued" },
    data: { status: "failed", failedAt: at, errorCode: f.code.slice(0, 100), errorMessage: f.reason.slice(0, 1000) },
  });
  if (updated.count) await mergePayload(tx, tenantId, messageId, { failure: { code: f.code, reason: f.reason, provider: f.provider ?? null, at: at.toISOString() } });
  return updated.count === 1;
}

/** The provider says the recipient unsubscribed (Twilio 21610): remember it, so nothing else is queued for them. */
async function recordProviderOptOut(tx: TTx, tenantId: string, contactId: string, channelType: ChannelType, at: Date): Promise<void> {
  await tx.contactOptIn.upsert({
    where: { tenantId_contactId_channelType: { tenantId, contactId, channelType } },
    create: { tenantId, contactId, channelType, status: "opted_out", source: "provider", acknowledged: true, changedAt: at },
    update: { status: "opted_out", source: "provider", acknowledged: true, changedAt: at },
  });
}

async function fail(tenantId: string, loaded: TLoaded, f: TFailure, at: Date): Promise<TAttemptOutcome> {
  const { message } = loaded;
  const changed = await withTenant(tenantId, async (tx) => {
    const ok = await recordFailed(tx, tenantId, message.id, f, at);
    if (ok && f.optedOut) await recordProviderOptOut(tx, tenantId, message.conversation.contact.id, message.channel.type, at);
    return ok;
  });
  if (changed) await announce(tenantId, message.conversationId, message.id);
  log.info("outbound message failed", { tenantId, messageId: message.id, code: f.code });
  return { outcome: "failed", code: f.code, reason: f.reason };
}

const failureOf = (e: TransportError): TFailure => ({ code: e.code, reason: e.message, provider: e.extra.provider, optedOut: e.extra.optedOut });

export async function attemptDelivery(tenantId: string, messageId: string, ctx: TDeliveryContext): Promise<TAttemptOutcome> {
  const at = now();
  const prepared = await withTenant(tenantId, async (tx) => {
    if (!(await claim(tx, tenantId, messageId, ctx, at))) {
      const current = await tx.message.findFirst({ where: { tenantId, id: messageId }, select: { status: true } });
      if (!current) return { kind: "gone" as const };
      if (!isQueued(current.status)) return { kind: "skip" as const, status: current.status };
      return { kind: "busy" as const };
    }
    const loaded = await loadForSend(tx, tenantId, messageId);
    if (!loaded) return { kind: "gone" as const };
    const purposeRaw = payloadOf(loaded.message.payload).purpose;
    const purpose: TPurpose = (PURPOSES as readonly unknown[]).includes(purposeRaw) ? (purposeRaw as TPurpose) : "reply";
    const refusal = await outboundRefusal(tx, {
      tenantId,
      contact: loaded.message.conversation.contact,
      channelType: loaded.message.channel.type,
      conversationId: loaded.message.conversationId,
      purpose,
      at,
      message: { id: loaded.message.id, createdAt: loaded.message.createdAt },
    });
    return { kind: "ready" as const, loaded, refusal };
  });

  if (prepared.kind === "gone") return { outcome: "skipped", status: "failed" };
  if (prepared.kind === "skip") return { outcome: "skipped", status: prepared.status };
  // Another run holds the claim: retry later, by when it has finished (and this run skips).
  if (prepared.kind === "busy") throw transient("in_progress", "Another delivery of this message is in progress", { retryAfterMs: 30_000 });

  const { loaded, refusal } = prepared;
  const channel = loaded.message.channel;
  if (refusal) return fail(tenantId, loaded, { code: refusal.code, reason: refusal.message }, at);
  if (channel.status === "disconnected") return fail(tenantId, loaded, { code: "channel_disconnected", reason: "The channel is disconnected; reconnect it to send" }, at);

  const transport = transportFor(channel.type);
  try {
    if (usesSandbox(channel)) {
      const record = sandboxRecord(transport, buildRequest(tenantId, loaded, at, false));
      const changed = await withTenant(tenantId, async (tx) => {
        const updated = await tx.message.updateMany({ where: { tenantId, id: messageId, status: "queued" }, data: { status: "sandboxed" } });
        if (updated.count) await mergePayload(tx, tenantId, messageId, { sandbox: record });
        return updated.count === 1;
      });
      if (changed) await announce(tenantId, loaded.message.conversationId, messageId);
      return { outcome: "sandboxed" };
    }
    const result: TSendResult = await transport.send(buildRequest(tenantId, loaded, at, true));
    return { outcome: "accepted", transport: transport.name, providerMessageId: result.providerMessageId, details: result.details ?? null };
  } catch (error) {
    if (!(error instanceof TransportError)) {
      if (ctx.attempt + 1 >= ctx.maxAttempts) return fail(tenantId, loaded, { code: "internal_error", reason: "Sending failed because of an error in Sotto" }, at);
      throw error;
    }
    if (error.kind === "permanent") return fail(tenantId, loaded, failureOf(error), at);
    if (ctx.attempt + 1 >= ctx.maxAttempts) return fail(tenantId, loaded, failureOf(error), at);
    log.warn("outbound send failed, will retry", { tenantId, messageId, code: error.code, attempt: ctx.attempt });
    throw error;
  }
}

/** Records a provider's acceptance: `sent`, with its id. A message that moved on meanwhile (a fast delivery receipt) keeps its status. */
export async function recordAccepted(tenantId: string, messageId: string, accepted: Extract<TAttemptOutcome, { outcome: "accepted" }>): Promise<void> {
  const at = now();
  const conversationId = await withTenant(tenantId, async (tx) => {
    const row = await tx.message.findFirst({ where: { tenantId, id: messageId }, select: { conversationId: true, status: true, providerMessageId: true } });
    if (!row) return null;
    const delivery = { transport: accepted.transport, details: accepted.details, acceptedAt: at.toISOString() };
    if (row.status === "queued") {
      await tx.message.updateMany({
        where: { tenantId, id: messageId, status: "queued" },
        data: { status: "sent", sentAt: at, providerMessageId: accepted.providerMessageId },
      });
    } else if (!row.providerMessageId && accepted.providerMessageId) {
      await tx.message.updateMany({ where: { tenantId, id: messageId }, data: { providerMessageId: accepted.providerMessageId } });
    }
    await mergePayload(tx, tenantId, messageId, { delivery });
    return row.conversationId;
  });
  if (conversationId) await announce(tenantId, conversationId, messageId);
}
