import { route } from "@/lib/http/errors";
import { handleTwilioWebhook } from "@/lib/inbox/twilio/webhook";

/** Twilio SMS and WhatsApp inbound messages and status callbacks: see lib/inbox/twilio/webhook.ts. */
export const POST = route(handleTwilioWebhook, { origin: { skip: "signature-verified-webhook" } });
