import { env } from "@/lib/env";
import { jsonBody, permanent, providerFetch } from "./errors";
import { mediaKind, singleMediaUrl } from "./media";
import { metaTransportError } from "./meta-errors";
import { REDACTED_SECRET, type TProviderRequest, type TSendRequest, type TTransport } from "./types";
import { CUSTOMER_SERVICE_WINDOW_MS, HUMAN_AGENT_WINDOW_MS, withinWindow } from "./windows";

type TMetaChannel = "messenger" | "instagram";

/**
 * Messenger and Instagram Send API: `POST /me/messages` with the Page access
 * token. Inside 24 hours of the contact's last message: `messaging_type:
 * RESPONSE`. Up to 7 days, a human agent may answer with the HUMAN_AGENT tag
 * (unless the channel turned it off with `settings.humanAgentTag: false`, e.g.
 * because the app lacks the Human Agent permission). Anything later is refused
 * here, clearly, instead of by Meta (error 10 / 2018278).
 */
function messagingType(req: TSendRequest<TMetaChannel>): { messaging_type: "RESPONSE" } | { messaging_type: "MESSAGE_TAG"; tag: "HUMAN_AGENT" } {
  const label = req.channel.type === "instagram" ? "Instagram" : "Messenger";
  if (withinWindow(req.lastInboundAt, req.now, CUSTOMER_SERVICE_WINDOW_MS)) return { messaging_type: "RESPONSE" };
  const tagAllowed = req.authorType === "agent" && req.channel.settings.humanAgentTag !== false;
  if (tagAllowed && withinWindow(req.lastInboundAt, req.now, HUMAN_AGENT_WINDOW_MS)) return { messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" };
  throw permanent(
    "window_closed",
    tagAllowed
      ? `${label} accepts replies up to 7 days after the customer's last message (human agents), and this conversation is older. Wait for the customer to write again.`
      : `${label} accepts automated replies only within 24 hours of the customer's last message. A human agent can answer for up to 7 days.`,
  );
}

function buildBody(req: TSendRequest<TMetaChannel>): Record<string, unknown> {
  if (req.template) throw permanent("template_unsupported", "Message templates are a WhatsApp feature; Messenger and Instagram take plain replies");
  const base = { recipient: { id: req.recipient }, ...messagingType(req) };
  const media = singleMediaUrl(req.attachments, req.channel.type === "instagram" ? "Instagram" : "Messenger");
  if (media) {
    if (req.text) throw permanent("caption_unsupported", "Messenger attachments cannot carry text; send the text as its own message");
    const kind = mediaKind(media.contentType);
    return { ...base, message: { attachment: { type: kind === "document" ? "file" : kind, payload: { url: media.url, is_reusable: false } } } };
  }
  if (!req.text) throw permanent("empty_message", "Nothing to send: the message has no text or attachment");
  return { ...base, message: { text: req.text } };
}

function describe(req: TSendRequest<TMetaChannel>): Extract<TProviderRequest, { transport: "http" }> {
  return {
    transport: "http",
    method: "POST",
    url: `${env.META_GRAPH_BASE_URL}/me/messages`,
    headers: { authorization: `Bearer ${REDACTED_SECRET}`, "content-type": "application/json" },
    contentType: "application/json",
    body: buildBody(req),
  };
}

export const messengerTransport: TTransport<TMetaChannel> = {
  name: "meta-send-api",
  describe,
  async send(req) {
    if (!req.credentials) throw permanent("no_credentials", "The channel has no Page access token");
    const r = describe(req);
    const res = await providerFetch(r.url, {
      method: "POST",
      headers: { ...r.headers, authorization: `Bearer ${req.credentials.pageAccessToken}` },
      body: JSON.stringify(r.body),
    });
    const body = await jsonBody(res);
    if (!res.ok) throw metaTransportError(res, body, req.now);
    const id = (body as { message_id?: string } | null)?.message_id;
    if (!id) throw permanent("bad_response", "Meta accepted the request but returned no message id");
    const tag = (r.body as { tag?: string }).tag;
    return { providerMessageId: id, details: tag ? { tag } : undefined };
  },
};
