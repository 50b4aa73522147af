/**
 * Next.js server start hook. It registers the direct dispatcher for provider
 * webhooks (lib/http/direct-routes.ts, used by server/web.mjs). Without an
 * Inngest server (development, test, demo), cron functions such as the outbox
 * relay run on an interval inside this process (inngest/dev-runner.ts).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself for each runtime; the edge runtime has no timers to keep.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { registerDirectDispatcher } = await import("./lib/http/direct-routes");
  registerDirectDispatcher();
  const { inngestMode } = await import("./inngest/client");
  if (inngestMode() !== "in-process") return;
  const { startDevRunnerCrons } = await import("./inngest/dev-runner");
  startDevRunnerCrons();
}
