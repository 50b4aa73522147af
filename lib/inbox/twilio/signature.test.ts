import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { sid, twilioSmsInbound, twilioWhatsAppInbound } from "../fixtures/twilio";
import { formParams, publicRequestUrl, twilioSignature, verifyTwilioSignature } from "./signature";

const AUTH_TOKEN = "12345678901234567890123456789012";
const URL_ = "https://app.sotto.test/api/webhooks/twilio?channel=main&x=caf%C3%A9";

/** The request body exactly as Twilio posts it. */
const encode = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe("Twilio signatures", () => {
  const params = twilioWhatsAppInbound({ messageSid: sid("SM", 1), from: "+393331234567", to: "+14155238886", body: "Ciao 👋 مرحبا & = + %", media: [{ url: "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME", contentType: "image/jpeg" }] });

  it("computes what Twilio's own library computes", () => {
    const ours = twilioSignature(AUTH_TOKEN, URL_, formParams(encode(params)));
    expect(ours).toBe(twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_, params));
  });

  it("accepts a request signed by Twilio and refuses any change to URL, parameters or token", () => {
    const header = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_, params);
    const form = formParams(encode(params));
    expect(verifyTwilioSignature(AUTH_TOKEN, header, URL_, form)).toBe(true);
    expect(twilio.validateRequest(AUTH_TOKEN, header, URL_, params)).toBe(true);

    expect(verifyTwilioSignature(AUTH_TOKEN, header, URL_.replace("channel=main", "channel=other"), form)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, header, URL_.replace("https:", "http:"), form)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, header, URL_, formParams(encode({ ...params, Body: "Ciao" })))).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, header, URL_, formParams(encode({ ...params, Extra: "1" })))).toBe(false);
    expect(verifyTwilioSignature("00000000000000000000000000000000", header, URL_, form)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, null, URL_, form)).toBe(false);
    expect(verifyTwilioSignature(AUTH_TOKEN, "", URL_, form)).toBe(false);
  });

  it("accepts the URL signed with or without the default port, as Twilio's library does", () => {
    const sms = twilioSmsInbound({ messageSid: sid("SM", 2), from: "+393331234567", to: "+14155550100", body: "STOP" });
    const form = formParams(encode(sms));
    const withPort = "https://app.sotto.test:443/api/webhooks/twilio";
    expect(verifyTwilioSignature(AUTH_TOKEN, twilio.getExpectedTwilioSignature(AUTH_TOKEN, withPort, sms), "https://app.sotto.test/api/webhooks/twilio", form)).toBe(true);
    expect(verifyTwilioSignature(AUTH_TOKEN, twilio.getExpectedTwilioSignature(AUTH_TOKEN, "https://app.sotto.test/api/webhooks/twilio", sms), withPort, form)).toBe(true);
  });

  it("builds the public URL from APP_URL, keeping the path and query string Twilio called", () => {
    expect(publicRequestUrl("http://10.0.0.5:3000/api/webhooks/twilio?a=1&b=2", "https://app.sotto.test")).toBe("https://app.sotto.test/api/webhooks/twilio?a=1&b=2");
    expect(publicRequestUrl("http://localhost:3000/api/webhooks/twilio", "https://app.sotto.test:8443/")).toBe("https://app.sotto.test:8443/api/webhooks/twilio");
  });
});
