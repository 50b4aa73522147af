import { twilioWebhookHandlers } from "@/lib/inbox/webhook-routes";

/** Twilio SMS and WhatsApp inbound messages and status callbacks: see lib/inbox/twilio/webhook.ts. */
export const POST = twilioWebhookHandlers.POST;
