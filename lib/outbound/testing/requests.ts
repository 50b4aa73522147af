import type { ChannelType } from "@/lib/db/generated/enums";
import type { TChannelCredentials } from "../credentials";
import type { TSendRequest } from "../transports/types";
import { FAKE_META_TOKEN, FAKE_TWILIO_SID, FAKE_TWILIO_TOKEN } from "./fake-providers";

/** A send request as the send function would build it, for transport tests. */
export const NOW = new Date("2026-03-02T10:00:00Z");
export const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

const CREDENTIALS: { [T in ChannelType]: TChannelCredentials<T> } = {
  widget: {},
  whatsapp: { accessToken: FAKE_META_TOKEN },
  messenger: { pageAccessToken: FAKE_META_TOKEN },
  instagram: { pageAccessToken: FAKE_META_TOKEN },
  twilio_sms: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
  twilio_whatsapp: { accountSid: FAKE_TWILIO_SID, authToken: FAKE_TWILIO_TOKEN },
  email: {
    address: "support@shop.test",
    fromName: "Shop Support",
    smtp: { host: "127.0.0.1", port: 2525, secure: false, user: "support@shop.test", pass: "smtp-test-password" },
    imap: { host: "127.0.0.1", port: 1993, secure: true, user: "support@shop.test", pass: "smtp-test-password" },
  },
};

const EXTERNAL_IDS: Record<ChannelType, string> = {
  widget: "wk_public",
  whatsapp: "106540352242922",
  messenger: "1122334455",
  instagram: "17841400000000000",
  twilio_sms: "+15005550006",
  twilio_whatsapp: "+14155238886",
  email: "support@shop.test",
};

const RECIPIENTS: Record<ChannelType, string> = {
  widget: "visitor_1",
  whatsapp: "393471234567",
  messenger: "6543210987654321",
  instagram: "7654321098765432",
  twilio_sms: "+393471234567",
  twilio_whatsapp: "+393471234567",
  email: "giulia@example.com",
};

export function makeRequest<T extends ChannelType>(type: T, over: Partial<TSendRequest<T>> = {}): TSendRequest<T> {
  return {
    tenantId: "t_test",
    messageId: "cmsg0000000000000001",
    channel: { id: "ch_1", type, externalId: EXTERNAL_IDS[type], name: "Shop", settings: {} },
    credentials: CREDENTIALS[type] as TChannelCredentials<T>,
    recipient: RECIPIENTS[type],
    authorType: "agent",
    text: "Ciao! Il tuo ordine è partito 📦",
    template: null,
    attachments: [],
    lastInboundAt: hoursAgo(1),
    email: null,
    now: NOW,
    ...over,
  };
}
