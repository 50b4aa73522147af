import { describe, expect, it } from "vitest";
import { recipientFor, type TRecipientSource } from "./recipient";
import { usesSandbox } from "./transports/sandbox";
import { parseChannelCredentials } from "./credentials";

const contact = (identities: TRecipientSource["identities"], extra: Partial<TRecipientSource> = {}): TRecipientSource => ({ id: "ct1", phone: null, email: null, identities, ...extra });

describe("recipientFor", () => {
  it("uses a page-scoped id only from this Page: a PSID learnt on another Page reaches nobody", () => {
    const psids = [
      { kind: "psid" as const, value: "other-page-psid", channelId: "ch_other" },
      { kind: "psid" as const, value: "this-page-psid", channelId: "ch_fb" },
    ];
    expect(recipientFor({ id: "ch_fb", type: "messenger" }, contact(psids))).toBe("this-page-psid");
    expect(recipientFor({ id: "ch_fb2", type: "messenger" }, contact(psids))).toBeNull();
  });

  it("addresses WhatsApp by wa_id (digits) and Twilio by E.164", () => {
    expect(recipientFor({ id: "w", type: "whatsapp" }, contact([{ kind: "wa_id", value: "393471234567", channelId: "w" }]))).toBe("393471234567");
    expect(recipientFor({ id: "w", type: "whatsapp" }, contact([], { phone: "+393471234567" }))).toBe("393471234567");
    expect(recipientFor({ id: "t", type: "twilio_whatsapp" }, contact([{ kind: "wa_id", value: "393471234567", channelId: null }]))).toBe("+393471234567");
    expect(recipientFor({ id: "t", type: "twilio_sms" }, contact([], { phone: "+393471234567" }))).toBe("+393471234567");
    expect(recipientFor({ id: "t", type: "twilio_sms" }, contact([]))).toBeNull();
  });

  it("falls back to the contact's email for email channels", () => {
    expect(recipientFor({ id: "e", type: "email" }, contact([], { email: "giulia@example.com" }))).toBe("giulia@example.com");
  });
});

describe("usesSandbox", () => {
  it("sandboxes channels flagged so or without credentials, except the widget which needs none", () => {
    expect(usesSandbox({ type: "whatsapp", sandbox: true, credentials: "v1.k1.x" })).toBe(true);
    expect(usesSandbox({ type: "whatsapp", sandbox: false, credentials: null })).toBe(true);
    expect(usesSandbox({ type: "whatsapp", sandbox: false, credentials: "v1.k1.x" })).toBe(false);
    expect(usesSandbox({ type: "widget", sandbox: false, credentials: null })).toBe(false);
  });
});

describe("ZChannelCredentials", () => {
  it("validates the email shape the SMTP sender and the IMAP poller share", () => {
    const ok = { address: "support@shop.test", smtp: { host: "smtp.shop.test", port: "587", secure: false, user: "u", pass: "p" }, imap: { host: "imap.shop.test", port: 993, secure: true, user: "u", pass: "p" } };
    expect(parseChannelCredentials("email", ok).smtp.port).toBe(587);
    expect(() => parseChannelCredentials("email", { ...ok, smtp: undefined })).toThrow();
    expect(() => parseChannelCredentials("whatsapp", {})).toThrow();
  });
});
