import { inngest, inngestMode } from "./client";
import { EVENT_SCHEMAS, type TSottoEvent } from "./events";

/**
 * Sends events to Inngest, or to the in-process development runner when no
 * Inngest server is configured (never in production: there it throws).
 * Data is checked against the event's schema before anything leaves.
 * Pass `id` to make the send idempotent: Inngest runs functions once per id.
 */
export async function sendEvent(events: TSottoEvent | readonly TSottoEvent[]): Promise<{ ids: string[] }> {
  const list = (Array.isArray(events) ? events : [events]) as readonly TSottoEvent[];
  if (!list.length) return { ids: [] };
  const payload = list.map((e) => {
    const schema = EVENT_SCHEMAS[e.name];
    if (!schema) throw new Error(`Unknown event "${String(e.name)}": add it to inngest/events.ts`);
    return { name: e.name, data: schema.parse(e.data), ...(e.id ? { id: e.id } : {}), ...(e.ts ? { ts: e.ts } : {}) };
  });
  const mode = inngestMode();
  if (mode === "unconfigured") {
    throw new Error("Cannot send events: no Inngest server is configured (INNGEST_EVENT_KEY, INNGEST_BASE_URL or INNGEST_DEV) and the in-process runner is refused in production");
  }
  if (mode === "in-process") {
    const { dispatchInProcess } = await import("./dev-runner");
    return dispatchInProcess(payload);
  }
  return inngest.send(payload);
}
