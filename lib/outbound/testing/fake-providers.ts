import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * Fake providers on loopback for tests: Meta's Graph API (WhatsApp Cloud API,
 * Messenger/Instagram Send API) and Twilio's Messages API as one real HTTP
 * server, and an SMTP server (smtp-server) that captures mail. Responses are
 * shaped as the providers document them (success bodies and error objects);
 * tests queue special answers with `fake.respond(...)` and read what arrived in
 * `fake.requests`.
 */
export type TRecordedRequest = { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string; json: unknown; form: URLSearchParams | null };
export type TScriptedResponse = { status: number; body: unknown; headers?: Record<string, string> } | { destroy: true };

export const FAKE_META_TOKEN = "EAAG-test-access-token";
export const FAKE_TWILIO_SID = `AC${"a1".repeat(16)}`;
export const FAKE_TWILIO_TOKEN = "twilio-test-auth-token";
export const FAKE_SMTP_OAUTH_TOKEN = "ya29.test-access-token";

const fbtraceId = () => randomBytes(9).toString("base64url");
const hex = (n: number) => randomBytes(n).toString("hex");

/** Meta's Graph API error object (https://developers.facebook.com/docs/graph-api/guides/error-handling). */
export function metaError(code: number, message: string, details?: string, extra: { subcode?: number; type?: string } = {}) {
  return {
    error: {
      message,
      type: extra.type ?? "OAuthException",
      code,
      ...(details ? { error_data: { messaging_product: "whatsapp", details } } : {}),
      ...(extra.subcode ? { error_subcode: extra.subcode } : {}),
      fbtrace_id: fbtraceId(),
    },
  };
}

/** Twilio's REST error body (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
export function twilioError(code: number, message: string, status: number) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio's Message resource as returned by a successful create (201). */
function twilioMessage(form: URLSearchParams, accountSid: string) {
  const sid = `SM${hex(16)}`;
  const date = new Date().toUTCString().replace("GMT", "+0000");
  return {
    account_sid: accountSid,
    api_version: "2010-04-01",
    body: form.get("Body") ?? "",
    date_created: date,
    date_sent: null,
    date_updated: date,
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: form.get("From"),
    messaging_service_sid: form.get("MessagingServiceSid"),
    num_media: String(form.getAll("MediaUrl").length),
    num_segments: "1",
    price: null,
    price_unit: "USD",
    sid,
    status: "queued",
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to: form.get("To"),
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export type TFakeHttpProviders = {
  url: string;
  /** META_GRAPH_BASE_URL for this fake (version included, like the real one). */
  metaBaseUrl: string;
  twilioBaseUrl: string;
  requests: TRecordedRequest[];
  /** Answers the next request(s) on paths matching `pathPattern` with these responses, in order. */
  respond(pathPattern: RegExp, ...responses: TScriptedResponse[]): void;
  reset(): void;
  close(): Promise<void>;
};

export async function startFakeHttpProviders(): Promise<TFakeHttpProviders> {
  const requests: TRecordedRequest[] = [];
  let scripts: { pattern: RegExp; response: TScriptedResponse }[] = [];

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? "/";
    const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    let json: unknown = null;
    try {
      json = isForm ? null : JSON.parse(body);
    } catch {
      json = null;
    }
    const recorded: TRecordedRequest = { method: req.method ?? "", path, headers: req.headers, body, json, form: isForm ? new URLSearchParams(body) : null };
    requests.push(recorded);

    const i = scripts.findIndex((s) => s.pattern.test(path));
    if (i >= 0) {
      const response = scripts.splice(i, 1)[0]!.response;
      if ("destroy" in response) return void req.socket.destroy();
      return send(res, response.status, response.body, response.headers);
    }
    defaultAnswer(recorded, res);
  });

  function defaultAnswer(r: TRecordedRequest, res: ServerResponse): void {
    // Meta Graph API: /v21.0/{phone-number-id}/messages and /v21.0/me/messages
    const meta = /^\/v21\.0\/([^/]+)\/messages$/.exec(r.path);
    if (meta && r.method === "POST") {
      if (r.headers.authorization !== `Bearer ${FAKE_META_TOKEN}`) {
        return send(res, 401, metaError(190, "Invalid OAuth access token - Cannot parse access token"));
      }
      const b = (r.json ?? {}) as Record<string, unknown>;
      if (meta[1] === "me") {
        const recipient = (b.recipient as { id?: string } | undefined)?.id;
        if (!recipient || !b.message) return send(res, 400, metaError(100, "(#100) param recipient must be non-empty.", undefined, { type: "OAuthException" }));
        return send(res, 200, { recipient_id: recipient, message_id: `m_${randomBytes(24).toString("base64url")}` });
      }
      if (b.messaging_product !== "whatsapp" || typeof b.to !== "string") {
        return send(res, 400, metaError(100, "(#100) The parameter messaging_product is required.", "The parameter messaging_product is required."));
      }
      return send(res, 200, {
        messaging_product: "whatsapp",
        contacts: [{ input: b.to, wa_id: b.to.replace(/^\+/, "") }],
        messages: [{ id: `wamid.${randomBytes(30).toString("base64url")}` }],
      });
    }
    // Twilio: /2010-04-01/Accounts/{AccountSid}/Messages.json
    const tw = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(r.path);
    if (tw && r.method === "POST") {
      const expected = `Basic ${Buffer.from(`${FAKE_TWILIO_SID}:${FAKE_TWILIO_TOKEN}`).toString("base64")}`;
      if (r.headers.authorization !== expected || tw[1] !== FAKE_TWILIO_SID) return send(res, 401, twilioError(20003, "Authenticate", 401));
      const form = r.form ?? new URLSearchParams();
      if (!form.get("To")) return send(res, 400, twilioError(21604, "A 'To' phone number is required.", 400));
      if (!form.get("From") && !form.get("MessagingServiceSid")) return send(res, 400, twilioError(21603, "A 'From' phone number is required.", 400));
      if (!form.get("Body") && !form.getAll("MediaUrl").length && !form.get("ContentSid")) {
        return send(res, 400, twilioError(21619, "A text message body or media urls must be specified.", 400));
      }
      return send(res, 201, twilioMessage(form, tw[1]));
    }
    send(res, 404, { error: { message: "Unknown path", code: 803 } });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    metaBaseUrl: `${url}/v21.0`,
    twilioBaseUrl: url,
    requests,
    respond(pattern, ...responses) {
      for (const response of responses) scripts.push({ pattern, response });
    },
    reset() {
      requests.length = 0;
      scripts = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TCapturedMail = { from: string; to: string[]; raw: string; user: string | undefined; headers: Record<string, string> };
export type TFakeSmtp = {
  host: string;
  port: number;
  user: string;
  pass: string;
  mails: TCapturedMail[];
  /** Rejects the next DATA with this SMTP reply (e.g. 550 or 451). */
  rejectNext(code: number, message: string): void;
  close(): Promise<void>;
};

/** Unfolds header lines; returns the raw header block's fields by lower-case name (last one wins). */
export function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const out: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

export async function startFakeSmtp(): Promise<TFakeSmtp> {
  const user = "support@shop.test";
  const pass = "smtp-test-password";
  const mails: TCapturedMail[] = [];
  let reject: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN", "XOAUTH2"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.method === "XOAUTH2") {
        if (auth.username === user && auth.accessToken === FAKE_SMTP_OAUTH_TOKEN) return cb(null, { user: auth.username });
        return cb(null, { data: { status: "401", schemes: "bearer", scope: "https://mail.google.com/" } });
      }
      if (auth.username === user && auth.password === pass) return cb(null, { user: auth.username });
      cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (reject) {
          const r = reject;
          reject = null;
          return cb(Object.assign(new Error(r.message), { responseCode: r.code }));
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          user: typeof session.user === "string" ? session.user : undefined,
          headers: parseHeaders(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    user,
    pass,
    mails,
    rejectNext(code, message) {
      reject = { code, message };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
