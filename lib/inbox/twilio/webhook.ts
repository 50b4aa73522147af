import "server-only";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { decryptChannelWebhookSecret } from "@/lib/outbound/channel-secrets";
import { mediaTypeOf, readBodyLimited } from "@/lib/security/body";
import { webhookByChannel } from "@/lib/security/limits";
import { rateLimitResponse } from "@/lib/security/rate-limit";
import { routeChannel, type TChannelRoute } from "../channel-route";
import { logDeliveryFailure } from "../delivery-log";
import { ChannelDisconnectedError, ingestInbound, ingestStatus } from "../ingest";
import { relayOutboxSoon } from "../outbox-relay";
import { firstValues, isStatusCallback, routingOf, twilioInbound, twilioStatus, ZTwilioParams } from "./normalise";
import { formParams, publicRequestUrl, verifyTwilioSignature } from "./signature";

/**
 * Twilio SMS and WhatsApp: inbound messages and status callbacks on one URL.
 *
 * The channel is found before the signature can be checked, because the auth
 * token that signs the request is per channel (`Channel.webhookSecret`,
 * key-ring encrypted): by the `To` number for inbound messages, the `From`
 * number for status callbacks (E.164; `whatsapp:` → twilio_whatsapp), or the
 * Messaging Service SID when the number belongs to a service.
 *
 * 415 not form-encoded, 413 over 64 KB, 400 missing fields, 404 no channel,
 * 503 channel without a usable auth token, 401 bad signature, 429 over budget;
 * otherwise an empty TwiML `<Response/>` once committed.
 */
export const TWILIO_MAX_BODY_BYTES = 64 * 1024;
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const twiml = () => new Response(TWIML, { status: 200, headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" } });

async function findChannel(channelType: "twilio_sms" | "twilio_whatsapp", number: string | null, messagingServiceSid: string | null): Promise<TChannelRoute | null> {
  const byNumber = number ? await routeChannel(channelType, number) : null;
  if (byNumber) return byNumber;
  return messagingServiceSid ? routeChannel(channelType, messagingServiceSid) : null;
}

export async function handleTwilioWebhook(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? undefined;
  if (mediaTypeOf(request) !== "application/x-www-form-urlencoded") return jsonError(415, "unsupported_media_type", "Expected application/x-www-form-urlencoded");
  const body = await readBodyLimited(request, TWILIO_MAX_BODY_BYTES);
  if (!body.ok) {
    log.warn("twilio webhook refused", { requestId, status: body.response.status, outcome: body.response.status === 413 ? "too_large" : "unreadable" });
    return body.response;
  }
  const params = formParams(body.raw.toString("utf8"));
  const raw = firstValues(params);
  const parsed = ZTwilioParams.safeParse(raw);
  if (!parsed.success) {
    log.warn("twilio webhook: unexpected parameters", { requestId, fields: parsed.error.issues.map((i) => i.path.join(".")) });
    return jsonError(400, "malformed", "Missing or invalid Twilio parameters");
  }
  const p = parsed.data;
  const routing = routingOf(p);
  const route = await findChannel(routing.channelType, routing.number, routing.messagingServiceSid);
  if (!route || route.status === "disconnected") {
    log.warn("security: twilio webhook for unknown or disconnected channel", { requestId, channelType: routing.channelType, number: routing.number, messagingServiceSid: routing.messagingServiceSid });
    if (route) await logDeliveryFailure(route, "channel_disconnected", 404, null, `twilio:${p.MessageSid}`);
    return jsonError(404, "unknown_channel");
  }
  const limited = await webhookByChannel.consume(route.channelId);
  if (!limited.ok) {
    await logDeliveryFailure(route, "rate_limited", 429, null, `twilio:${p.MessageSid}`);
    return rateLimitResponse(limited.retryAfterSec);
  }

  let authToken: string | null;
  try {
    authToken = decryptChannelWebhookSecret({ tenantId: route.tenantId, id: route.channelId, webhookSecret: route.webhookSecret });
  } catch (error) {
    log.error("twilio webhook: channel auth token cannot be decrypted", { requestId, channelId: route.channelId, error });
    authToken = null;
  }
  if (!authToken) {
    await logDeliveryFailure(route, "not_configured", 503, "The channel has no usable Twilio auth token", `twilio:${p.MessageSid}`);
    return jsonError(503, "webhook_not_configured", "The channel cannot authenticate deliveries");
  }
  const url = publicRequestUrl(request.url, env.APP_URL);
  if (!verifyTwilioSignature(authToken, request.headers.get("x-twilio-signature"), url, params)) {
    log.warn("security: twilio webhook with an invalid signature", { requestId, channelId: route.channelId });
    await logDeliveryFailure(route, "invalid_signature", 401, "X-Twilio-Signature does not match the auth token and URL", `twilio:${p.MessageSid}`);
    return jsonError(401, "invalid_signature");
  }

  try {
    if (isStatusCallback(p)) {
      const status = twilioStatus(p, raw, now());
      if (status) {
        const r = await ingestStatus({ ...status, tenantId: route.tenantId, channelId: route.channelId }, { logHttpStatus: 200 });
        if (r.updated) relayOutboxSoon();
      }
      return twiml();
    }
    const r = await ingestInbound(
      { ...twilioInbound(p, raw, routing.channelType), tenantId: route.tenantId, channelId: route.channelId, channelType: route.type, receivedAt: now() },
      { logHttpStatus: 200 },
    );
    if (!r.duplicate) relayOutboxSoon();
    return twiml();
  } catch (error) {
    // Disconnected after this process cached the route: refused and logged by the ingest statement.
    if (!(error instanceof ChannelDisconnectedError)) throw error;
    log.warn("security: twilio webhook for a channel disconnected since it was cached", { requestId, channelId: route.channelId });
    return jsonError(404, "unknown_channel");
  }
}
