import { afterEach, describe, expect, it, vi } from "vitest";
import type { TRealtimeEvent } from "@/lib/realtime/bus";
import { createEventStream, formatSseEvent } from "./sse";

afterEach(() => vi.useRealTimers());

async function readSome(reader: ReadableStreamDefaultReader<Uint8Array>, n: number): Promise<string> {
  const dec = new TextDecoder();
  let out = "";
  for (let i = 0; i < n; i++) {
    const { value, done } = await reader.read();
    if (done) break;
    out += dec.decode(value);
  }
  return out;
}

describe("inbox SSE stream", () => {
  it("formats events with an id and JSON data", () => {
    expect(formatSseEvent(3, { type: "conversation.updated", conversationId: "c1" })).toBe('id: 3\ndata: {"type":"conversation.updated","conversationId":"c1"}\n\n');
  });

  it("sends a retry hint, the bus events, heartbeats, and unsubscribes on abort", async () => {
    vi.useFakeTimers();
    let handler: ((e: TRealtimeEvent) => void) | undefined;
    const unsubscribe = vi.fn();
    const abort = new AbortController();
    const stream = createEventStream({
      subscribe: (h) => {
        handler = h;
        return unsubscribe;
      },
      signal: abort.signal,
      heartbeatMs: 25_000,
    });
    const reader = stream.getReader();
    expect(await readSome(reader, 1)).toContain("retry: 3000");
    handler!({ type: "message.created", conversationId: "c1", messageId: "m1" });
    expect(await readSome(reader, 1)).toBe('id: 1\ndata: {"type":"message.created","conversationId":"c1","messageId":"m1"}\n\n');
    vi.advanceTimersByTime(25_000);
    expect(await readSome(reader, 1)).toMatch(/^: heartbeat \d+\n\n$/);
    abort.abort();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect((await reader.read()).done).toBe(true);
  });
});
