import type { TRealtimeEvent } from "@/lib/realtime/bus";

/**
 * Server-sent events for the inbox: one stream per open inbox tab, fed by the
 * realtime bus for its tenant. Events carry ids only (the browser fetches what
 * it needs through the permission-checked read endpoints); a comment line every
 * 25 s keeps proxies from closing an idle connection.
 */
export const HEARTBEAT_MS = 25_000;
export const RETRY_MS = 3_000;

export function formatSseEvent(id: number, event: TRealtimeEvent): string {
  return `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;
}

type TSubscribe = (handler: (event: TRealtimeEvent) => void) => () => void;

export function createEventStream(opts: { subscribe: TSubscribe; signal: AbortSignal; heartbeatMs?: number }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let seq = 0;
      let closed = false;
      const write = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = opts.subscribe((event) => write(formatSseEvent(++seq, event)));
      const heartbeat = setInterval(() => write(`: heartbeat ${Date.now()}\n\n`), opts.heartbeatMs ?? HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        opts.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      opts.signal.addEventListener("abort", cleanup);
      if (opts.signal.aborted) return cleanup();
      write(`retry: ${RETRY_MS}\n: connected\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
}
