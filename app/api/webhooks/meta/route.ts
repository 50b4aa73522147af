import { route } from "@/lib/http/errors";
import { handleMetaWebhook, metaHandshake } from "@/lib/inbox/meta/webhook";

/** WhatsApp Cloud API, Messenger and Instagram webhooks: see lib/inbox/meta/webhook.ts. */
export const GET = route(async (request: Request) => metaHandshake(request));
export const POST = route(handleMetaWebhook, { origin: { skip: "signature-verified-webhook" } });
