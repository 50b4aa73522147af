import { metaWebhookHandlers } from "@/lib/inbox/webhook-routes";

/** WhatsApp Cloud API, Messenger and Instagram webhooks: see lib/inbox/meta/webhook.ts. */
export const GET = metaWebhookHandlers.GET;
export const POST = metaWebhookHandlers.POST;
