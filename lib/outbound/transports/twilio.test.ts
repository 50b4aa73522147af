import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_TWILIO_SID, startFakeHttpProviders, twilioError, type TFakeHttpProviders } from "../testing/fake-providers";
import { hoursAgo, makeRequest } from "../testing/requests";

let fake: TFakeHttpProviders;
let t: typeof import("./twilio") & typeof import("./errors");

beforeAll(async () => {
  fake = await startFakeHttpProviders();
  vi.stubEnv("TWILIO_API_BASE_URL", fake.twilioBaseUrl);
  vi.stubEnv("APP_URL", "https://app.sotto.test");
  vi.resetModules();
  t = { ...(await import("./twilio")), ...(await import("./errors")) };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});
beforeEach(() => fake.reset());

const rejection = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(t.TransportError);
  return e as InstanceType<typeof t.TransportError>;
};
const sms = (over: Parameters<typeof makeRequest<"twilio_sms">>[1] = {}) => t.twilioTransport.send(makeRequest("twilio_sms", over));
const wa = (over: Parameters<typeof makeRequest<"twilio_whatsapp">>[1] = {}) => t.twilioTransport.send(makeRequest("twilio_whatsapp", over));

describe("Twilio transport", () => {
  it("posts a form-encoded SMS with Basic auth, From, Body and the status callback", async () => {
    const r = await sms();
    expect(r.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const req = fake.requests[0]!;
    expect(req.path).toBe(`/2010-04-01/Accounts/${FAKE_TWILIO_SID}/Messages.json`);
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(req.form!)).toEqual({
      To: "+393471234567",
      From: "+15005550006",
      Body: "Ciao! Il tuo ordine è partito 📦",
      StatusCallback: "https://app.sotto.test/api/webhooks/twilio",
    });
  });

  it("uses a Messaging Service when the channel has one", async () => {
    const mg = `MG${"b2".repeat(16)}`;
    await sms({ credentials: { ...makeRequest("twilio_sms").credentials!, messagingServiceSid: mg } });
    expect(fake.requests[0]!.form!.get("MessagingServiceSid")).toBe(mg);
    expect(fake.requests[0]!.form!.get("From")).toBeNull();
  });

  it("prefixes WhatsApp addresses and enforces the 24-hour window; templates go as Content SIDs", async () => {
    await wa();
    expect(fake.requests[0]!.form!.get("To")).toBe("whatsapp:+393471234567");
    expect(fake.requests[0]!.form!.get("From")).toBe("whatsapp:+14155238886");

    const closed = await rejection(wa({ lastInboundAt: hoursAgo(25) }));
    expect([closed.kind, closed.code]).toEqual(["permanent", "window_closed"]);
    expect(fake.requests).toHaveLength(1);

    const contentSid = `HX${"c3".repeat(16)}`;
    await wa({ lastInboundAt: hoursAgo(25), text: null, template: { name: contentSid, language: "it", variables: ["Giulia", "A-1042"] } });
    const form = fake.requests[1]!.form!;
    expect(form.get("ContentSid")).toBe(contentSid);
    expect(JSON.parse(form.get("ContentVariables")!)).toEqual({ 1: "Giulia", 2: "A-1042" });
    expect(form.get("Body")).toBeNull();
  });

  it("21610 (unsubscribed recipient) is permanent and marks the contact opted out; 21211 (invalid number) is permanent", async () => {
    fake.respond(/Messages\.json$/, { status: 400, body: twilioError(21610, "Attempt to send to unsubscribed recipient", 400) });
    const e = await rejection(sms());
    expect(e).toMatchObject({ kind: "permanent", code: "21610", message: "Attempt to send to unsubscribed recipient" });
    expect(e.extra.optedOut).toBe(true);

    fake.respond(/Messages\.json$/, { status: 400, body: twilioError(21211, "The 'To' number +3934 is not a valid phone number.", 400) });
    const invalid = await rejection(sms());
    expect([invalid.kind, invalid.code, invalid.extra.optedOut]).toEqual(["permanent", "21211", undefined]);
  });

  it("20429 and 5xx are transient (Retry-After honoured); bad credentials (20003) are permanent", async () => {
    fake.respond(/Messages\.json$/, { status: 429, body: twilioError(20429, "Too Many Requests", 429), headers: { "retry-after": "3" } });
    expect(await rejection(sms())).toMatchObject({ kind: "transient", code: "20429", extra: { retryAfterMs: 3000 } });
    fake.respond(/Messages\.json$/, { status: 503, body: twilioError(20503, "Service Unavailable", 503) });
    expect((await rejection(sms())).kind).toBe("transient");
    const auth = await rejection(sms({ credentials: { accountSid: FAKE_TWILIO_SID, authToken: "wrong" } }));
    expect([auth.kind, auth.code]).toEqual(["permanent", "20003"]);
  });

  it("describes the request with the auth token redacted (sandbox)", () => {
    const d = t.twilioTransport.describe(makeRequest("twilio_sms"));
    expect(JSON.stringify(d)).not.toContain("twilio-test-auth-token");
    expect(d).toMatchObject({ headers: { authorization: "Basic [redacted]" }, url: `${fake.twilioBaseUrl}/2010-04-01/Accounts/${FAKE_TWILIO_SID}/Messages.json` });
  });
});
