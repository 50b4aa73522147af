import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";

// The provider and storage side is lib/storage/inbound-media.int.test.ts; here only the function's last-attempt rule.
const media = vi.hoisted(() => ({ fetchMediaItem: vi.fn(), loadMediaSources: vi.fn(), recordMediaOutcome: vi.fn() }));
vi.mock("@/lib/storage/storage", () => ({}));
vi.mock("@/lib/storage/inbound-media", async (importActual) => ({ ...(await importActual<typeof import("@/lib/storage/inbound-media")>()), ...media }));

const { fetchInboundMedia, FETCH_MEDIA_RETRIES } = await import("./fetch-inbound-media");
const data = { tenantId: "t1", channelId: "ch1", channelType: "whatsapp", conversationId: "cv1", messageId: "m1", contactId: "ct1", kind: "media", conversationCreated: false } as const;
const run = (attempt: number) =>
  new InngestTestEngine({
    function: fetchInboundMedia,
    events: [{ name: "message.received", data }],
    transformCtx: (ctx) => ({ ...ctx, attempt, maxAttempts: FETCH_MEDIA_RETRIES + 1 }),
  }).execute();

beforeEach(() => {
  vi.clearAllMocks();
  media.loadMediaSources.mockResolvedValue([{ index: 0, provider: "whatsapp", mediaId: "1", fileName: null }]);
  media.fetchMediaItem.mockRejectedValue(new TypeError("Cannot read properties of undefined (reading 'id')"));
});

describe("fetch-inbound-media", () => {
  it("lets an unexpected error be retried before the last attempt", async () => {
    const { error } = await run(0);
    expect(error).toBeDefined();
    expect(media.recordMediaOutcome).not.toHaveBeenCalled();
  });

  it("records an unexpected error on the last attempt as the file's reason instead of failing silently", async () => {
    const { result, error } = await run(FETCH_MEDIA_RETRIES);
    expect(error).toBeUndefined();
    expect(result).toEqual({ messageId: "m1", items: 1, failed: 1 });
    expect(media.recordMediaOutcome).toHaveBeenCalledWith("t1", "m1", [
      { index: 0, status: "failed", code: "error", reason: `Cannot read properties of undefined (reading 'id') (gave up after ${FETCH_MEDIA_RETRIES + 1} attempts)` },
    ]);
  });
});
