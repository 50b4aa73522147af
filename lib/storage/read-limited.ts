import { createHash } from "node:crypto";
import { tooLarge } from "./errors";

export type TByteSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Reads a body up to `limit` bytes, hashing as it goes. The size is checked on
 * every chunk, so an oversized upload is refused as soon as it crosses the
 * limit (the rest is never read, the stream is cancelled) rather than after
 * buffering all of it. What is kept is at most `limit` bytes.
 */
export async function readLimited(source: TByteSource, limit: number): Promise<{ bytes: Uint8Array; sha256: string }> {
  const hash = createHash("sha256");
  if (source instanceof Uint8Array) {
    if (source.byteLength > limit) throw tooLarge(limit);
    return { bytes: source, sha256: hash.update(source).digest("hex") };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const iterable: AsyncIterable<Uint8Array> = source instanceof ReadableStream ? streamIterable(source) : source;
  for await (const chunk of iterable) {
    total += chunk.byteLength;
    if (total > limit) throw tooLarge(limit);
    hash.update(chunk);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { bytes, sha256: hash.digest("hex") };
}

async function* streamIterable(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    while (true) {
      const r = await reader.read();
      if (r.done) {
        done = true;
        return;
      }
      yield r.value;
    }
  } finally {
    // Leaving early (over the limit) cancels the body so the rest is not downloaded.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
