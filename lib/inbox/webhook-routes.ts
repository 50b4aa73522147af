import "server-only";
import { route } from "@/lib/http/errors";
import { handleMetaWebhook, metaHandshake } from "./meta/webhook";
import { handleTwilioWebhook } from "./twilio/webhook";

/**
 * The provider webhook route handlers. app/api/webhooks/* export them for
 * Next's router (next dev, and any deployment that runs `next start`), and the
 * production server (server/web.mjs) dispatches the same functions directly:
 * see lib/http/direct-routes.ts.
 */
export const metaWebhookHandlers = {
  GET: route(async (request: Request) => metaHandshake(request)),
  POST: route(handleMetaWebhook, { origin: { skip: "signature-verified-webhook" } }),
};

export const twilioWebhookHandlers = {
  POST: route(handleTwilioWebhook, { origin: { skip: "signature-verified-webhook" } }),
};
