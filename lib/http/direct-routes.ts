import "server-only";
import { META_MAX_BODY_BYTES } from "@/lib/inbox/meta/webhook";
import { TWILIO_MAX_BODY_BYTES } from "@/lib/inbox/twilio/webhook";
import { metaWebhookHandlers, twilioWebhookHandlers } from "@/lib/inbox/webhook-routes";
import { createDirectDispatcher, type TDirectRoutes } from "./direct-dispatch";

/**
 * Direct dispatch of provider webhooks, past Next's router.
 *
 * Why: the accept path is the hottest route in Sotto and answers machines, not
 * browsers. Next's request pipeline (route resolution, config headers, the
 * route module's work stores, request/response adapters) cost ~1.9 ms of CPU
 * per delivery on the benchmark machine, twice everything Sotto itself does
 * for one (verify, parse, one SQL call, relay). The production server
 * (server/web.mjs) asks the dispatcher registered here first; it takes exactly
 * the paths and methods below and hands every other request to Next.
 *
 * The handlers are the same functions app/api/webhooks/* export, so `next dev`
 * and a plain `next start` serve identical behaviour; only the framework's
 * per-request work is skipped. What these routes do not get from Next, and do
 * not use: proxy.ts (already excluded by its matcher), next/headers, cookies,
 * after(), the fetch cache. Their static security headers, which next.config.ts
 * sets for /api/webhooks/*, are set here too.
 */
export const DIRECT_ROUTES: TDirectRoutes = {
  "/api/webhooks/meta": { handlers: metaWebhookHandlers, maxBodyBytes: META_MAX_BODY_BYTES },
  "/api/webhooks/twilio": { handlers: twilioWebhookHandlers, maxBodyBytes: TWILIO_MAX_BODY_BYTES },
};

/** The key under which instrumentation.ts leaves the dispatcher for server/web.mjs (one process, two module graphs). */
export const DIRECT_DISPATCHER_KEY = Symbol.for("sotto.directDispatcher");

/** Called from instrumentation.ts at server start. */
export function registerDirectDispatcher(): void {
  (globalThis as Record<symbol, unknown>)[DIRECT_DISPATCHER_KEY] = createDirectDispatcher(DIRECT_ROUTES);
}
