import { inngest } from "../client";
import { messageReceived } from "../events";
import { fetchMediaItem, loadMediaSources, MediaTransient, recordMediaOutcome, type TMediaItemResult } from "@/lib/storage/inbound-media";
// Imported for its side effect too: registers the storage driver with the privacy stores in every process that runs functions.
import "@/lib/storage/storage";

/**
 * Fetches the files of an inbound media message from the provider and stores
 * them as its attachments (lib/storage/inbound-media.ts), after ingest and
 * outside the webhook's accept path. One memoised step per file, so a retry
 * never fetches a stored file again. Transient failures are retried with
 * Inngest's backoff; on the last attempt they (and any unexpected error) are recorded as failed, so the
 * inbox always ends up showing either the file or why it is unavailable.
 */
export const FETCH_MEDIA_RETRIES = 4;

export const fetchInboundMedia = inngest.createFunction(
  { id: "fetch-inbound-media", name: "Fetch inbound media", triggers: [messageReceived], retries: FETCH_MEDIA_RETRIES, idempotency: "event.data.messageId" },
  async ({ event, step, attempt, maxAttempts }) => {
    const { tenantId, messageId, kind } = event.data;
    if (kind !== "media") return { messageId, items: 0 };
    const sources = await step.run("load-sources", () => loadMediaSources(tenantId, messageId));
    if (!sources.length) return { messageId, items: 0 };
    const last = attempt + 1 >= (maxAttempts ?? FETCH_MEDIA_RETRIES + 1);
    const results: TMediaItemResult[] = [];
    for (const source of sources) {
      const result = await step.run(`fetch-${source.index}`, async (): Promise<TMediaItemResult> => {
        try {
          return await fetchMediaItem(tenantId, messageId, source);
        } catch (error) {
          // On the last attempt any error becomes the file's recorded outcome: the inbox says why it is missing.
          if (!last) throw error;
          const code = error instanceof MediaTransient ? error.code : "error";
          const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
          return { index: source.index, status: "failed", code, reason: `${message} (gave up after ${attempt + 1} attempts)` };
        }
      });
      results.push(result);
    }
    await step.run("record", () => recordMediaOutcome(tenantId, messageId, results));
    return { messageId, items: results.length, failed: results.filter((r) => r.status === "failed").length };
  },
);
