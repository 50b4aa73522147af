import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Fake Meta Graph API and Twilio REST API on loopback for the connect flows,
 * answering in the shapes Meta and Twilio document: the Embedded Signup code
 * exchange (`GET /oauth/access_token`), `POST /{waba-id}/subscribed_apps`,
 * phone number fields, `POST /{phone-number-id}/register`, `GET /{page-id}?fields=name`,
 * Twilio `GET /2010-04-01/Accounts/{Sid}.json` and `IncomingPhoneNumbers.json`.
 */
export const FAKE = {
  appId: "123456789012345",
  appSecret: "fake-meta-app-secret",
  signupCode: "AQD-fake-embedded-signup-code",
  businessToken: "EAAfake-business-integration-token",
  wabaId: "102290129340398",
  phoneNumberId: "106540352242922",
  pageId: "1234567890123",
  pageToken: "EAAfake-page-token",
  twilioSid: `AC${"0123456789abcdef".repeat(2)}`,
  twilioToken: "f".repeat(32),
  twilioNumber: "+14155550123",
};

export type TFakeRequest = { method: string; path: string; query: URLSearchParams; auth: string | undefined; body: string };
export type TFakeProviders = { url: string; graphBaseUrl: string; requests: TFakeRequest[]; registered: boolean; close(): Promise<void> };

const metaError = (code: number, message: string, subcode?: number) => ({ error: { message, type: "OAuthException", code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: "AbCdEfGhIjK" } });

export async function startFakeProviders(opts: { phonePlatformType?: string } = {}): Promise<TFakeProviders> {
  const state: TFakeProviders = { url: "", graphBaseUrl: "", requests: [], registered: false, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://fake");
      const r: TFakeRequest = { method: req.method ?? "", path: u.pathname, query: u.searchParams, auth: req.headers.authorization, body };
      state.requests.push(r);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(json));
      };
      const bearer = (token: string) => r.auth === `Bearer ${token}`;
      const p = r.path;
      if (p === "/v21.0/oauth/access_token" && r.method === "GET") {
        if (r.query.get("client_id") !== FAKE.appId || r.query.get("client_secret") !== FAKE.appSecret) return send(400, metaError(101, "Error validating application. Invalid application ID."));
        if (r.query.get("code") !== FAKE.signupCode) return send(400, metaError(100, "Invalid verification code format.", 36008));
        return send(200, { access_token: FAKE.businessToken, token_type: "bearer" });
      }
      if (p === `/v21.0/${FAKE.wabaId}/subscribed_apps` && r.method === "POST") {
        if (!bearer(FAKE.businessToken)) return send(400, metaError(190, "Invalid OAuth access token - Cannot parse access token"));
        return send(200, { success: true });
      }
      if (p === `/v21.0/${FAKE.phoneNumberId}` && r.method === "GET") {
        if (!bearer(FAKE.businessToken)) return send(400, metaError(190, "Invalid OAuth access token - Cannot parse access token"));
        return send(200, {
          verified_name: "Acme Shop",
          display_phone_number: "+1 415-555-0199",
          platform_type: state.registered ? "CLOUD_API" : (opts.phonePlatformType ?? "NOT_APPLICABLE"),
          status: "CONNECTED",
          id: FAKE.phoneNumberId,
        });
      }
      if (p === `/v21.0/${FAKE.phoneNumberId}/register` && r.method === "POST") {
        const b = JSON.parse(body || "{}") as { messaging_product?: string; pin?: string };
        if (b.messaging_product !== "whatsapp" || !/^\d{6}$/.test(b.pin ?? "")) return send(400, metaError(100, "(#100) Invalid parameter"));
        state.registered = true;
        return send(200, { success: true });
      }
      if (p === `/v21.0/${FAKE.pageId}` && r.method === "GET") {
        if (!bearer(FAKE.pageToken)) return send(400, metaError(190, "Error validating access token: Session has expired."));
        return send(200, { name: "Acme Shop", id: FAKE.pageId });
      }
      if (/^\/v21\.0\/\d+$/.test(p)) return send(400, metaError(100, "(#100) Unsupported get request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation.", 33));
      const basic = `Basic ${Buffer.from(`${FAKE.twilioSid}:${FAKE.twilioToken}`).toString("base64")}`;
      if (p === `/2010-04-01/Accounts/${FAKE.twilioSid}.json`) {
        if (r.auth !== basic) return send(401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
        return send(200, { sid: FAKE.twilioSid, friendly_name: "Acme", status: "active", type: "Full" });
      }
      if (p === `/2010-04-01/Accounts/${FAKE.twilioSid}/IncomingPhoneNumbers.json`) {
        if (r.auth !== basic) return send(401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
        const wanted = r.query.get("PhoneNumber");
        return send(200, { incoming_phone_numbers: wanted === FAKE.twilioNumber ? [{ sid: `PN${"a".repeat(32)}`, phone_number: FAKE.twilioNumber }] : [], page: 0, page_size: 50 });
      }
      if (p.startsWith("/2010-04-01/Accounts/")) return send(401, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
      send(404, { error: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.graphBaseUrl = `${state.url}/v21.0`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
