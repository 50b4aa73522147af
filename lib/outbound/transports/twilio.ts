import { env } from "@/lib/env";
import { jsonBody, permanent, providerFetch, retryAfterMs, transient, TransportError } from "./errors";
import { REDACTED_SECRET, type TProviderRequest, type TSendRequest, type TTransport } from "./types";
import { CUSTOMER_SERVICE_WINDOW_MS, withinWindow } from "./windows";
import { WINDOW_CLOSED_MESSAGE } from "./whatsapp";

type TTwilioChannel = "twilio_sms" | "twilio_whatsapp";

/**
 * Twilio Programmable Messaging, SMS and WhatsApp:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, Basic
 * auth with the Account SID and auth token. Delivery receipts come back to
 * `${APP_URL}/api/webhooks/twilio` (StatusCallback). WhatsApp templates are
 * Twilio Content templates: the template name is the Content SID (HX…) and the
 * variables become ContentVariables {"1": …, "2": …}.
 */
const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

/** Twilio codes that mean "try again later". */
const TRANSIENT_CODES = new Set([20429, 20500, 20503, 30001]);

export const statusCallbackUrl = () => new URL("/api/webhooks/twilio", env.APP_URL).toString();

function sender(req: TSendRequest<TTwilioChannel>): { From: string } | { MessagingServiceSid: string } {
  const c = req.credentials;
  const wa = req.channel.type === "twilio_whatsapp";
  const raw = c?.messagingServiceSid ?? c?.from ?? req.channel.externalId;
  if (/^MG[0-9a-fA-F]{32}$/.test(raw)) return { MessagingServiceSid: raw };
  return { From: wa && !raw.startsWith("whatsapp:") ? `whatsapp:${raw}` : raw };
}

function buildForm(req: TSendRequest<TTwilioChannel>): [string, string][] {
  const wa = req.channel.type === "twilio_whatsapp";
  const to = wa && !req.recipient.startsWith("whatsapp:") ? `whatsapp:${req.recipient}` : req.recipient;
  const form: [string, string][] = [["To", to], ...Object.entries(sender(req))];
  if (req.template) {
    if (!wa) throw permanent("template_unsupported", "SMS has no message templates; send plain text");
    if (!CONTENT_SID.test(req.template.name)) throw permanent("template_invalid", "For WhatsApp through Twilio, the template name is the Content SID (HX followed by 32 hex digits)");
    form.push(["ContentSid", req.template.name]);
    if (req.template.variables.length) form.push(["ContentVariables", JSON.stringify(Object.fromEntries(req.template.variables.map((v, i) => [String(i + 1), v])))]);
  } else {
    if (wa && !withinWindow(req.lastInboundAt, req.now, CUSTOMER_SERVICE_WINDOW_MS)) throw permanent("window_closed", WINDOW_CLOSED_MESSAGE);
    if (req.attachments.length > (wa ? 1 : 10)) throw permanent("too_many_attachments", wa ? "WhatsApp messages carry one attachment each" : "MMS carries at most 10 attachments");
    for (const a of req.attachments) {
      if (!a.url) throw permanent("attachment_unavailable", `The attachment "${a.fileName}" has no address Twilio can download it from`);
      form.push(["MediaUrl", a.url]);
    }
    if (!req.text && req.attachments.length === 0) throw permanent("empty_message", "Nothing to send: the message has no text or attachment");
    if (req.text) form.push(["Body", req.text]);
  }
  form.push(["StatusCallback", statusCallbackUrl()]);
  return form;
}

function describe(req: TSendRequest<TTwilioChannel>): Extract<TProviderRequest, { transport: "http" }> {
  const sid = req.credentials?.accountSid ?? "{AccountSid}";
  return {
    transport: "http",
    method: "POST",
    url: `${env.TWILIO_API_BASE_URL}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`,
    headers: { authorization: `Basic ${REDACTED_SECRET}`, "content-type": "application/x-www-form-urlencoded" },
    contentType: "application/x-www-form-urlencoded",
    body: buildForm(req),
  };
}

export function twilioTransportError(res: Response, body: unknown, now: Date): TransportError {
  const e = body && typeof body === "object" ? (body as { code?: number; message?: string; more_info?: string; status?: number }) : {};
  const httpStatus = res.status;
  const retryAfter = retryAfterMs(res.headers.get("retry-after"), now);
  const code = typeof e.code === "number" ? e.code : null;
  const reason = e.message || `Twilio answered HTTP ${httpStatus}`;
  const provider = { code, message: e.message ?? null, moreInfo: e.more_info ?? null, status: httpStatus };
  if (code === 21610) return permanent("21610", reason, { httpStatus, provider, optedOut: true });
  if ((code !== null && TRANSIENT_CODES.has(code)) || httpStatus === 429 || httpStatus >= 500) {
    return transient(code !== null ? String(code) : `http_${httpStatus}`, reason, { httpStatus, retryAfterMs: retryAfter, provider });
  }
  return permanent(code !== null ? String(code) : `http_${httpStatus}`, reason, { httpStatus, provider });
}

export const twilioTransport: TTransport<TTwilioChannel> = {
  name: "twilio",
  describe,
  async send(req) {
    const c = req.credentials;
    if (!c) throw permanent("no_credentials", "The Twilio channel has no Account SID and auth token");
    const r = describe(req);
    const res = await providerFetch(r.url, {
      method: "POST",
      headers: { ...r.headers, authorization: `Basic ${Buffer.from(`${c.accountSid}:${c.authToken}`).toString("base64")}` },
      body: new URLSearchParams(r.body as [string, string][]).toString(),
    });
    const body = await jsonBody(res);
    if (!res.ok) throw twilioTransportError(res, body, req.now);
    const sid = (body as { sid?: string } | null)?.sid;
    if (!sid) throw permanent("bad_response", "Twilio accepted the request but returned no message SID");
    return { providerMessageId: sid, details: { twilioStatus: (body as { status?: string }).status ?? null } };
  },
};
