import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { withTenant } from "@/lib/db/client";
import { env, isProduction } from "@/lib/env";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import { decryptChannelCredentials } from "@/lib/outbound/channel-secrets";
import { storeAttachment } from "./attachments";
import { AttachmentRefused, tooLarge } from "./errors";

/**
 * Inbound media: the files behind an inbound message, fetched from the
 * provider after ingest (the `fetch-inbound-media` Inngest function, never
 * the webhook's accept path) and stored as the message's attachments.
 * - WhatsApp Cloud API: GET {graph}/{media-id} with the channel's token gives
 *   a short-lived `url`, downloaded with the same token.
 * - Messenger / Instagram: `attachments[].payload.url` (a CDN URL, no token).
 * - Twilio: `MediaUrl{N}` on api.twilio.com, with HTTP basic auth (account
 *   SID, auth token); Twilio redirects to its CDN, where fetch drops the
 *   Authorization header.
 * Each item ends `stored` or `failed` with a reason, kept on the message as
 * `payload.mediaFetch` so the inbox shows an unavailable attachment and why.
 * Transient trouble (network, 429, 5xx) throws MediaTransient to be retried;
 * the caller records it as failed after the last attempt.
 */
export type TMediaSource = { index: number; fileName: string | null } & (
  | { kind: "whatsapp"; mediaId: string }
  | { kind: "url"; url: string }
  | { kind: "twilio"; url: string }
);

export type TMediaItemResult = { index: number; status: "stored"; attachmentId: string } | { index: number; status: "failed"; code: string; reason: string };

export class MediaTransient extends Error {
  override readonly name = "MediaTransient";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

class MediaPermanent extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (typeof v === "string" && v ? v : null);

/** What to fetch for a stored inbound message, from its normalised payload. */
export function mediaSources(channelType: ChannelType, kind: string, payloadValue: unknown): TMediaSource[] {
  if (kind !== "media") return [];
  const payload = obj(payloadValue);
  if (channelType === "whatsapp") {
    const mediaId = str(payload.mediaId);
    return mediaId ? [{ index: 0, kind: "whatsapp", mediaId, fileName: str(payload.filename) }] : [];
  }
  const media = Array.isArray(payload.media) ? payload.media.map(obj) : [];
  if (channelType === "messenger" || channelType === "instagram") {
    return media.flatMap((m, index) => {
      const url = str(m.url);
      return url && !m.stickerId ? [{ index, kind: "url" as const, url, fileName: null }] : [];
    });
  }
  if (channelType === "twilio_sms" || channelType === "twilio_whatsapp") {
    return media.flatMap((m, index) => {
      const url = str(m.url);
      return url ? [{ index, kind: "twilio" as const, url, fileName: null }] : [];
    });
  }
  return [];
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Provider URLs are https; plain http only to loopback outside production (fake providers in tests). */
function checkedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaPermanent("bad_media_url", "The provider sent an invalid media address");
  }
  const ok = url.protocol === "https:" || (url.protocol === "http:" && !isProduction() && LOOPBACK.has(url.hostname));
  if (!ok) throw new MediaPermanent("bad_media_url", "The provider sent a media address that is not https");
  return url;
}

async function download(url: URL, headers: Record<string, string>): Promise<{ body: ReadableStream<Uint8Array>; length: number | null }> {
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new MediaTransient("network", `The provider could not be reached (${String(error).slice(0, 200)})`);
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    throw new MediaTransient(`http_${res.status}`, `The provider answered ${res.status}; will retry`);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new MediaPermanent(`http_${res.status}`, res.status === 404 || res.status === 410 ? "The provider no longer has this file (it may have expired)" : `The provider refused the download (HTTP ${res.status})`);
  }
  const length = res.headers.get("content-length");
  return { body: res.body, length: length && /^\d+$/.test(length) ? Number(length) : null };
}

async function whatsappMedia(mediaId: string, token: string): Promise<{ body: ReadableStream<Uint8Array>; length: number | null }> {
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(mediaId)) throw new MediaPermanent("bad_media_id", "The media id is malformed");
  const auth = { Authorization: `Bearer ${token}` };
  let res: Response;
  try {
    res = await fetch(`${env.META_GRAPH_BASE_URL}/${encodeURIComponent(mediaId)}`, { headers: auth, signal: AbortSignal.timeout(20_000) });
  } catch (error) {
    throw new MediaTransient("network", `The Graph API could not be reached (${String(error).slice(0, 200)})`);
  }
  const json = obj(await res.json().catch(() => null));
  if (res.status === 429 || res.status >= 500) throw new MediaTransient(`http_${res.status}`, `The Graph API answered ${res.status}; will retry`);
  if (!res.ok) {
    const err = obj(json.error);
    throw new MediaPermanent(`meta_${String(err.code ?? res.status)}`, `WhatsApp refused the media lookup: ${String(err.message ?? res.status).slice(0, 300)}`);
  }
  const url = str(json.url);
  if (!url) throw new MediaPermanent("no_media_url", "WhatsApp returned no download address for the media");
  const size = typeof json.file_size === "number" ? json.file_size : Number(json.file_size);
  if (Number.isFinite(size) && size > env.ATTACHMENT_MAX_BYTES) throw tooLarge(env.ATTACHMENT_MAX_BYTES);
  return download(checkedUrl(url), auth);
}

async function openSource(source: TMediaSource, channel: { tenantId: string; id: string; type: ChannelType; credentials: string | null }) {
  if (source.kind === "url") return download(checkedUrl(source.url), {});
  const creds = (() => {
    try {
      return decryptChannelCredentials(channel);
    } catch {
      throw new MediaPermanent("credentials_invalid", "The channel's stored credentials cannot be read; reconnect the channel");
    }
  })();
  if (!creds) throw new MediaPermanent("no_credentials", "The channel has no credentials to download media with");
  if (source.kind === "whatsapp") return whatsappMedia(source.mediaId, (creds as { accessToken: string }).accessToken);
  const url = checkedUrl(source.url);
  // Credentials go only to Twilio's own API host.
  if (url.origin !== new URL(env.TWILIO_API_BASE_URL).origin) throw new MediaPermanent("bad_media_url", "The media address is not on Twilio's API");
  const { accountSid, authToken } = creds as { accountSid: string; authToken: string };
  return download(url, { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}` });
}

/** Fetches and stores one item. Transient errors throw MediaTransient; anything permanent is returned as `failed`. */
export async function fetchMediaItem(tenantId: string, messageId: string, source: TMediaSource): Promise<TMediaItemResult> {
  const message = await withTenant(tenantId, (tx) =>
    tx.message.findFirst({
      where: { tenantId, id: messageId },
      select: { id: true, channel: { select: { tenantId: true, id: true, type: true, credentials: true } }, attachments: { select: { id: true, sha256: true } } },
    }),
  );
  if (!message) return { index: source.index, status: "failed", code: "message_gone", reason: "The message was deleted" };
  try {
    const opened = await openSource(source, message.channel);
    if (opened.length !== null && opened.length > env.ATTACHMENT_MAX_BYTES) {
      await opened.body.cancel();
      throw tooLarge(env.ATTACHMENT_MAX_BYTES);
    }
    const stored = await storeAttachment({ tenantId, messageId, fileName: source.fileName ?? `attachment-${source.index + 1}`, body: opened.body });
    // A retry after a crash between storing and recording may fetch the same file again: keep one copy.
    const dup = message.attachments.find((a) => a.sha256 === stored.sha256);
    if (dup) {
      await withTenant(tenantId, (tx) => tx.attachment.deleteMany({ where: { tenantId, id: stored.id } }));
      return { index: source.index, status: "stored", attachmentId: dup.id };
    }
    return { index: source.index, status: "stored", attachmentId: stored.id };
  } catch (error) {
    if (error instanceof MediaTransient) throw error;
    if (error instanceof AttachmentRefused || error instanceof MediaPermanent) return { index: source.index, status: "failed", code: error.code, reason: error.message };
    throw new MediaTransient("error", String(error).slice(0, 300));
  }
}

/** Records the outcome on the message (payload.mediaFetch) and tells the inbox to refresh it. */
export async function recordMediaOutcome(tenantId: string, messageId: string, results: TMediaItemResult[]): Promise<void> {
  const failed = results.filter((r) => r.status === "failed");
  const patch = { mediaFetch: { status: failed.length ? (failed.length === results.length ? "failed" : "partial") : "stored", items: results } };
  const conversationId = await withTenant(tenantId, async (tx) => {
    await tx.$executeRaw(Prisma.sql`UPDATE "Message" SET payload = payload || ${JSON.stringify(patch)}::jsonb WHERE "tenantId" = ${tenantId} AND id = ${messageId}`);
    return (await tx.message.findFirst({ where: { tenantId, id: messageId }, select: { conversationId: true } }))?.conversationId ?? null;
  });
  if (failed.length) log.warn("inbound media unavailable", { tenantId, messageId, failures: failed.map((f) => (f.status === "failed" ? f.code : "")) });
  if (conversationId) await publish(tenantId, { type: "message.updated", conversationId, messageId }).catch(() => {});
}

/** The sources of a stored message, for the function's first step. */
export async function loadMediaSources(tenantId: string, messageId: string): Promise<TMediaSource[]> {
  const m = await withTenant(tenantId, (tx) => tx.message.findFirst({ where: { tenantId, id: messageId }, select: { kind: true, payload: true, direction: true, channel: { select: { type: true } } } }));
  if (!m || m.direction !== "inbound") return [];
  return mediaSources(m.channel.type, m.kind, m.payload);
}
