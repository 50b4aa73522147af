import "server-only";
import { z } from "zod";
import { requestNow } from "@/lib/clock";
import { withTenant } from "@/lib/db/client";
import { jsonError } from "@/lib/http/errors";
import { ingestInbound } from "@/lib/inbox/ingest";
import { log } from "@/lib/log";
import { publish } from "@/lib/realtime/bus";
import { parseJsonBody } from "@/lib/security/body";
import { widgetByVisitor } from "@/lib/security/limits";
import { rateLimitResponse } from "@/lib/security/rate-limit";
import { publicSettings, widgetChannelByKey } from "./channel";
import { acknowledge, publicMessage, visitorHistory } from "./conversation";
import {
  authenticateVisitor,
  bearerToken,
  callerOf,
  corsHeaders,
  limitByIp,
  originRefused,
  widgetJson,
  widgetNotFound,
  withCors,
  withVisitor,
} from "./http";
import { isOriginAllowed, normalizeOrigin } from "./origins";
import { WIDGET_MAX_TEXT_CHARS, type TWidgetHistory, type TWidgetSendResult, type TWidgetSession } from "./public-types";
import { parseCursor, visitorEventStream } from "./stream";
import { newVisitorId, signVisitorToken, verifyVisitorToken } from "./token";

/** The widget API's handlers; app/api/widget/* wires them to routes. */

const SMALL_BODY = 4 * 1024;
/** 4000 characters of text, even 4-byte ones escaped, fit well within this. */
const MESSAGE_BODY = 64 * 1024;

const ZSessionBody = z.object({
  key: z.string().min(1).max(64),
  /** A token from an earlier visit: the same visitor continues (when valid for this channel). */
  token: z.string().max(1024).nullish(),
  /** The page embedding the chat frame; for direct calls from a site, its Origin header is used. */
  origin: z.string().max(300).nullish(),
});

export async function createSession(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const body = await parseJsonBody(request, ZSessionBody, { maxBytes: SMALL_BODY });
  if (!body.ok) return body.response;
  const channel = await widgetChannelByKey(body.data.key);
  if (!channel?.active) return widgetNotFound();

  const allowed = channel.settings.allowedOrigins;
  const cors = corsHeaders(request, allowed);
  const caller = callerOf(request, allowed);
  if (!caller) return originRefused(cors);
  // The frame says which page embeds it (its frame-ancestors CSP made the browser enforce that
  // the page is an allowed one); a site calling directly is identified by its Origin header.
  const claimed = normalizeOrigin(body.data.origin);
  const siteOrigin = caller === "site" ? normalizeOrigin(request.headers.get("origin")) : claimed;
  if (caller === "site" && body.data.origin && claimed !== siteOrigin) return originRefused(cors);
  if (!siteOrigin || !isOriginAllowed(siteOrigin, allowed)) return originRefused(cors);

  const now = await requestNow();
  const previous = body.data.token ? verifyVisitorToken(body.data.token, { now, channelId: channel.channelId }) : null;
  const visitorId = previous?.ok && previous.claims.tid === channel.tenantId ? previous.claims.vid : newVisitorId();
  const { token, expiresAt } = signVisitorToken({ vid: visitorId, cid: channel.channelId, tid: channel.tenantId, org: siteOrigin }, now);
  const session: TWidgetSession = { token, expiresAt: expiresAt.toISOString(), channel: publicSettings(channel.settings, now) };
  return widgetJson(session, 200, cors);
}

export async function getHistory(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const now = await requestNow();
  return withVisitor(request, bearerToken(request), now, async (tx, ctx) => {
    const history: TWidgetHistory = await visitorHistory(tx, ctx.claims);
    return widgetJson(history, 200, ctx.cors);
  });
}

/** The frame's id for a visitor message (typed or a file), reused on every resend: the server stores it once. */
export const ZClientMessageId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "8–64 characters: letters, digits, - and _");

const ZSendBody = z.object({
  clientMessageId: ZClientMessageId,
  text: z.string(),
});

export async function sendMessage(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const now = await requestNow();
  const auth = await authenticateVisitor(request, bearerToken(request), now);
  if (!auth.ok) return auth.response;
  const { claims, cors } = auth.ctx;

  const body = await parseJsonBody(request, ZSendBody, { maxBytes: MESSAGE_BODY });
  if (!body.ok) return withCors(body.response, cors);
  const text = body.data.text.replace(/\r\n?/g, "\n").trim();
  if (!text) return jsonError(400, "empty_message", "The message is empty", undefined, { headers: cors });
  const chars = [...text].length;
  if (chars > WIDGET_MAX_TEXT_CHARS) {
    return jsonError(413, "message_too_long", `Messages are limited to ${WIDGET_MAX_TEXT_CHARS} characters`, { maxChars: WIDGET_MAX_TEXT_CHARS, chars }, { headers: cors });
  }

  const perVisitor = await widgetByVisitor.consume(`${claims.cid}:${claims.vid}`);
  if (!perVisitor.ok) return withCors(rateLimitResponse(perVisitor.retryAfterSec), cors);

  // The contact and conversation come into being here, with the visitor's first message.
  const result = await ingestInbound({
    tenantId: claims.tid,
    channelId: claims.cid,
    channelType: "widget",
    contact: { identities: [{ kind: "visitor", value: claims.vid }] },
    providerMessageId: null,
    clientMessageId: body.data.clientMessageId,
    kind: "text",
    text,
    receivedAt: now,
    // Scoped by visitor, so nobody can make another visitor's message look like a duplicate of theirs.
    // The raw record keeps ids only: the text is in the message, and a copy would outlive its erasure.
    raw: { provider: "widget", eventKey: `${claims.vid}:${body.data.clientMessageId}`, payload: { clientMessageId: body.data.clientMessageId } },
  });
  const message = result.messageId ? await withTenant(claims.tid, (tx) => publicMessage(tx, claims, result.messageId)) : null;
  const reply: TWidgetSendResult = { message, duplicate: result.duplicate };
  return widgetJson(reply, result.duplicate ? 200 : 201, cors);
}

const ZAckBody = z.object({
  messageIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  status: z.enum(["delivered", "read"]),
});

export async function acknowledgeMessages(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const now = await requestNow();
  const auth = await authenticateVisitor(request, bearerToken(request), now);
  if (!auth.ok) return auth.response;
  const { claims, cors } = auth.ctx;
  const body = await parseJsonBody(request, ZAckBody, { maxBytes: SMALL_BODY });
  if (!body.ok) return withCors(body.response, cors);
  const changed = await withTenant(claims.tid, (tx) => acknowledge(tx, claims, [...new Set(body.data.messageIds)], body.data.status, now));
  for (const c of changed) {
    await publish(claims.tid, { type: "message.updated", conversationId: c.conversationId, messageId: c.messageId }).catch((error) =>
      log.warn("realtime publish failed after widget ack", { error: error instanceof Error ? error.message : String(error) }),
    );
  }
  return widgetJson({ updated: changed.length }, 200, cors);
}

export async function openEventStream(request: Request): Promise<Response> {
  const limited = await limitByIp(request);
  if (limited) return limited;
  const url = new URL(request.url);
  const now = await requestNow();
  // The token comes in the Authorization header like everywhere else, never in the URL, where
  // access logs of proxies and load balancers would keep it (so the frame streams with fetch, not EventSource).
  const auth = await authenticateVisitor(request, bearerToken(request), now);
  if (!auth.ok) return auth.response;
  const sinceMs = parseCursor(request.headers.get("last-event-id"), url.searchParams.get("since"));
  const stream = visitorEventStream(auth.ctx.claims, { sinceMs, signal: request.signal });
  return new Response(stream, {
    headers: {
      ...auth.ctx.cors,
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "private, no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
