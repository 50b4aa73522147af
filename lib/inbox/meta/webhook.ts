import "server-only";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { readBodyLimited } from "@/lib/security/body";
import { webhookByChannel } from "@/lib/security/limits";
import { rateLimitResponse } from "@/lib/security/rate-limit";
import { hmacSha256Hex, timingSafeEqualStr } from "@/lib/security/timing-safe";
import { routeChannel, type TChannelRoute } from "../channel-route";
import { logDeliveryFailure } from "../delivery-log";
import { ChannelDisconnectedError, ingestInbound, ingestStatus } from "../ingest";
import { relayOutboxSoon } from "../outbox-relay";
import { looseRoutingKeys, metaWork, type TMetaWork } from "./normalise";
import { ZMetaWebhook } from "./schemas";

/**
 * WhatsApp Cloud API, Messenger and Instagram webhooks (one Meta app).
 *
 * GET is Meta's verification handshake. POST deliveries are verified before
 * anything is parsed for use: `X-Hub-Signature-256: sha256=<hex>` must equal
 * HMAC-SHA256 of the exact raw body under META_APP_SECRET (constant-time).
 *
 * Status codes (Meta retries anything but 200, for days):
 * - 503 no META_APP_SECRET configured: deliveries cannot be authenticated, so
 *   none are accepted; Meta keeps retrying until the secret is set.
 * - 413 body over 1 MB, 401 bad or missing signature, 400 malformed JSON or shape.
 * - 404 when no channel in the delivery is connected. A batch naming several
 *   channels skips the unknown ones and answers 200 for the rest: one tenant
 *   disconnecting must not make Meta re-deliver every other tenant's messages.
 * - 429 when a channel is over its webhook budget.
 * - 200 once every message and status is committed (duplicates included).
 */
export const META_MAX_BODY_BYTES = 1024 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function verifyMetaSignature(raw: Uint8Array, header: string | null, secret: string): boolean {
  const m = header ? /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim()) : null;
  // Compared as strings of equal shape: a missing or malformed header still costs one HMAC.
  return timingSafeEqualStr(m ? m[1]!.toLowerCase() : "", hmacSha256Hex(secret, raw)) && m !== null;
}

export function metaHandshake(request: Request): Response {
  const q = new URL(request.url).searchParams;
  const expected = env.META_VERIFY_TOKEN;
  const token = q.get("hub.verify_token");
  const challenge = q.get("hub.challenge");
  if (!expected) log.warn("meta webhook handshake refused: META_VERIFY_TOKEN is not set");
  if (q.get("hub.mode") === "subscribe" && expected && token !== null && timingSafeEqualStr(token, expected) && challenge && challenge.length <= 256) {
    return new Response(challenge, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  return jsonError(403, "verification_failed");
}

type TRouted = { route: TChannelRoute; items: TMetaWork[] };

async function routeAll(work: TMetaWork[]): Promise<{ routed: TRouted[]; unknown: string[] }> {
  const groups = new Map<string, TMetaWork[]>();
  for (const w of work) {
    const k = `${w.channelType}\u0000${w.externalId}`;
    groups.set(k, [...(groups.get(k) ?? []), w]);
  }
  const routed: TRouted[] = [];
  const unknown: string[] = [];
  for (const items of groups.values()) {
    const { channelType, externalId } = items[0]!;
    const route = await routeChannel(channelType, externalId);
    if (!route || route.status === "disconnected") {
      if (route) await logDeliveryFailure(route, "channel_disconnected", 404, `${items.length} event(s) refused`);
      unknown.push(`${channelType}:${externalId}`);
    } else routed.push({ route, items });
  }
  return { routed, unknown };
}

async function logForKeys(json: unknown, outcome: "invalid_signature" | "malformed", status: number, detail: string): Promise<void> {
  for (const k of looseRoutingKeys(json)) {
    const route = await routeChannel(k.channelType, k.externalId);
    if (route) await logDeliveryFailure(route, outcome, status, detail);
  }
}

function parseJson(raw: Buffer): { ok: true; json: unknown } | { ok: false } {
  try {
    return { ok: true, json: JSON.parse(utf8.decode(raw)) };
  } catch {
    return { ok: false };
  }
}

export async function handleMetaWebhook(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? undefined;
  const secret = env.META_APP_SECRET;
  if (!secret) {
    log.error("meta webhook refused: META_APP_SECRET is not set", { requestId });
    return jsonError(503, "webhook_not_configured", "This endpoint cannot authenticate deliveries yet");
  }
  const body = await readBodyLimited(request, META_MAX_BODY_BYTES);
  if (!body.ok) {
    // The channel is unknown until the body is read, so only the application log sees this.
    log.warn("meta webhook refused", { requestId, status: body.response.status, outcome: body.response.status === 413 ? "too_large" : "unreadable" });
    return body.response;
  }
  const parsedJson = parseJson(body.raw);

  if (!verifyMetaSignature(body.raw, request.headers.get("x-hub-signature-256"), secret)) {
    log.warn("security: meta webhook with an invalid signature", { requestId, hasSignature: request.headers.has("x-hub-signature-256") });
    if (parsedJson.ok) await logForKeys(parsedJson.json, "invalid_signature", 401, "X-Hub-Signature-256 does not match the app secret");
    return jsonError(401, "invalid_signature");
  }
  if (!parsedJson.ok) {
    log.warn("meta webhook: malformed JSON", { requestId });
    return jsonError(400, "malformed", "Request body is not valid JSON");
  }
  const parsed = ZMetaWebhook.safeParse(parsedJson.json);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    log.warn("meta webhook: unexpected shape", { requestId, detail });
    await logForKeys(parsedJson.json, "malformed", 400, detail);
    return jsonError(400, "malformed", "Request body does not match Meta's webhook format");
  }

  const work = metaWork(parsed.data, parsedJson.json);
  if (!work.length) return Response.json({ ok: true, accepted: 0 }, { headers: { "Cache-Control": "no-store" } });
  const { routed, unknown } = await routeAll(work);
  if (unknown.length) log.warn("security: meta webhook for unknown or disconnected channel", { requestId, channels: unknown });
  if (!routed.length) return jsonError(404, "unknown_channel");

  const malformed = routed.flatMap(({ route, items }) => items.filter((i) => i.type === "malformed").map((i) => ({ route, i })));
  if (malformed.length) {
    for (const { route, i } of malformed) await logDeliveryFailure(route, "malformed", 400, i.type === "malformed" ? i.reason : null);
    return jsonError(400, "malformed", "A change does not match Meta's webhook format");
  }
  for (const { route } of routed) {
    const limited = await webhookByChannel.consume(route.channelId);
    if (!limited.ok) {
      await logDeliveryFailure(route, "rate_limited", 429);
      return rateLimitResponse(limited.retryAfterSec);
    }
  }

  let accepted = 0;
  let duplicates = 0;
  let refused = 0;
  for (const { route, items } of routed) {
    try {
      for (const item of items) {
        if (item.type === "message") {
          const r = await ingestInbound({ ...item.message, tenantId: route.tenantId, channelId: route.channelId, channelType: route.type }, { logHttpStatus: 200 });
          if (r.duplicate) duplicates++;
          else accepted++;
        } else if (item.type === "status") {
          await ingestStatus({ ...item.status, tenantId: route.tenantId, channelId: route.channelId }, { logHttpStatus: 200 });
          accepted++;
        }
      }
    } catch (error) {
      // Disconnected after this process cached the route: the ingest statement refused and logged it; skip like an unknown channel.
      if (!(error instanceof ChannelDisconnectedError)) throw error;
      log.warn("security: meta webhook for a channel disconnected since it was cached", { requestId, channelId: route.channelId });
      refused++;
    }
  }
  if (refused === routed.length) return jsonError(404, "unknown_channel");
  if (accepted) relayOutboxSoon();
  return Response.json({ ok: true, accepted, duplicates }, { headers: { "Cache-Control": "no-store" } });
}
