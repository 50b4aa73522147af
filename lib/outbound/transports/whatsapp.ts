import { env } from "@/lib/env";
import { jsonBody, permanent, providerFetch } from "./errors";
import { mediaKind, singleMediaUrl } from "./media";
import { metaTransportError } from "./meta-errors";
import { REDACTED_SECRET, type TProviderRequest, type TSendRequest, type TTransport } from "./types";
import { CUSTOMER_SERVICE_WINDOW_MS, withinWindow } from "./windows";

/**
 * WhatsApp Cloud API: `POST /{phone-number-id}/messages`. Free-form messages
 * (text, media) only inside the 24-hour customer-service window; after it, only
 * approved templates (Meta answers 131047 otherwise, and we refuse before asking).
 */
export const WINDOW_CLOSED_MESSAGE =
  "More than 24 hours have passed since the customer's last message. WhatsApp only delivers an approved template now: send a template message instead.";

function buildBody(req: TSendRequest<"whatsapp">): Record<string, unknown> {
  // Meta echoes biz_opaque_callback_data in status webhooks: statuses can be matched to our message even before the wamid is stored.
  const base = { messaging_product: "whatsapp", recipient_type: "individual", to: req.recipient, biz_opaque_callback_data: req.messageId };
  if (req.template) {
    const { name, language, variables } = req.template;
    const components = variables.length ? [{ type: "body", parameters: variables.map((text) => ({ type: "text", text })) }] : undefined;
    return { ...base, type: "template", template: { name, language: { code: language }, ...(components ? { components } : {}) } };
  }
  if (!withinWindow(req.lastInboundAt, req.now, CUSTOMER_SERVICE_WINDOW_MS)) throw permanent("window_closed", WINDOW_CLOSED_MESSAGE);
  const media = singleMediaUrl(req.attachments, "WhatsApp");
  if (media) {
    const kind = mediaKind(media.contentType);
    const caption = req.text && kind !== "audio" ? { caption: req.text } : {};
    const filename = kind === "document" ? { filename: media.fileName } : {};
    if (req.text && kind === "audio") throw permanent("caption_unsupported", "WhatsApp audio messages cannot carry text; send the text separately");
    return { ...base, type: kind, [kind]: { link: media.url, ...caption, ...filename } };
  }
  if (!req.text) throw permanent("empty_message", "Nothing to send: the message has no text, attachment or template");
  return { ...base, type: "text", text: { preview_url: false, body: req.text } };
}

function describe(req: TSendRequest<"whatsapp">): Extract<TProviderRequest, { transport: "http" }> {
  return {
    transport: "http",
    method: "POST",
    url: `${env.META_GRAPH_BASE_URL}/${encodeURIComponent(req.channel.externalId)}/messages`,
    headers: { authorization: `Bearer ${REDACTED_SECRET}`, "content-type": "application/json" },
    contentType: "application/json",
    body: buildBody(req),
  };
}

export const whatsappTransport: TTransport<"whatsapp"> = {
  name: "whatsapp-cloud",
  describe,
  async send(req) {
    if (!req.credentials) throw permanent("no_credentials", "The WhatsApp channel has no access token");
    const r = describe(req);
    const res = await providerFetch(r.url, {
      method: "POST",
      headers: { ...r.headers, authorization: `Bearer ${req.credentials.accessToken}` },
      body: JSON.stringify(r.body),
    });
    const body = await jsonBody(res);
    if (!res.ok) throw metaTransportError(res, body, req.now);
    const id = (body as { messages?: { id?: string }[] } | null)?.messages?.[0]?.id;
    if (!id) throw permanent("bad_response", "WhatsApp accepted the request but returned no message id");
    const waId = (body as { contacts?: { wa_id?: string }[] }).contacts?.[0]?.wa_id;
    return { providerMessageId: id, details: waId ? { waId } : undefined };
  },
};
