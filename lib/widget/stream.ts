import "server-only";
import { withTenant } from "@/lib/db/client";
import { log } from "@/lib/log";
import { subscribe, type TRealtimeEvent } from "@/lib/realtime/bus";
import { changedSince, visitorConversationIds } from "./conversation";
import type { TVisitorClaims } from "./token";

/**
 * The visitor's live updates as server-sent events. Every event carries the
 * message in full (never a private note) and an id: the time of the newest
 * change sent. On reconnect the browser sends it back as Last-Event-ID and
 * the stream replays what changed since, with an overlap, so a message
 * committed late by a slower transaction is not skipped; the frame merges by
 * message id, so repeats are harmless. The stream ends after `maxMs` and the
 * browser reconnects, which re-checks the token and the channel.
 */
export const REPLAY_OVERLAP_MS = 15_000;
const HEARTBEAT_MS = 20_000;
const LOOKUP_THROTTLE_MS = 2_000;

export type TStreamOptions = { sinceMs: number; signal: AbortSignal; maxMs?: number; heartbeatMs?: number };

/** Cursor from Last-Event-ID (reconnect) or `?since=` (first connect after loading history). */
export function parseCursor(...values: (string | null | undefined)[]): number {
  for (const v of values) if (v && /^\d{1,15}$/.test(v)) return Number(v);
  return 0;
}

export function visitorEventStream(claims: TVisitorClaims, opts: TStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sent = new Map<string, string>();
  let cursor = opts.sinceMs;
  let conversationIds: string[] = [];
  let closed = false;
  let syncing = false;
  let again = false;
  let lastLookup = 0;
  let unsubscribe = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(deadline);
    opts.signal.removeEventListener("abort", close);
    try {
      controllerRef?.close();
    } catch {
      // already closed by the client
    }
  };
  const write = (chunk: string) => {
    if (closed || !controllerRef) return;
    try {
      controllerRef.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };

  const sync = async (): Promise<void> => {
    if (syncing) {
      again = true;
      return;
    }
    syncing = true;
    try {
      do {
        again = false;
        const since = Math.max(0, cursor - REPLAY_OVERLAP_MS);
        const messages = await withTenant(claims.tid, (tx) => changedSince(tx, claims.tid, conversationIds, since));
        for (const m of messages) {
          const seen = `${m.version}:${m.status}`;
          if (sent.get(m.id) === seen) continue;
          sent.set(m.id, seen);
          cursor = Math.max(cursor, Number(m.version));
          write(`id: ${cursor}\nevent: message\ndata: ${JSON.stringify(m)}\n\n`);
        }
      } while (again && !closed);
    } catch (error) {
      log.warn("widget event stream failed", { error: error instanceof Error ? error.message : String(error) });
      close();
    } finally {
      syncing = false;
    }
  };

  const lookUpConversations = async () => {
    lastLookup = Date.now();
    conversationIds = await withTenant(claims.tid, (tx) => visitorConversationIds(tx, claims));
  };

  const onEvent = (event: TRealtimeEvent) => {
    if (closed || event.type === "conversation.updated") return;
    if (conversationIds.includes(event.conversationId)) {
      void sync();
    } else if (!conversationIds.length && event.type === "message.created" && Date.now() - lastLookup > LOOKUP_THROTTLE_MS) {
      // A visitor who has not written yet has no conversation to follow; their first message creates one.
      // (Once they have one, a new conversation is announced by the send reply and the frame reconnects.)
      void lookUpConversations()
        .then(() => (conversationIds.includes(event.conversationId) ? sync() : undefined))
        .catch(() => close());
    }
  };

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controllerRef = controller;
      opts.signal.addEventListener("abort", close);
      if (opts.signal.aborted) return close();
      write("retry: 3000\n\n");
      // Subscribe before replaying so nothing committed in between is lost (sync coalesces).
      unsubscribe = subscribe(claims.tid, onEvent);
      try {
        await lookUpConversations();
      } catch (error) {
        log.warn("widget event stream failed", { error: error instanceof Error ? error.message : String(error) });
        return close();
      }
      await sync();
      heartbeat = setInterval(() => write(": keep-alive\n\n"), opts.heartbeatMs ?? HEARTBEAT_MS);
      deadline = setTimeout(close, opts.maxMs ?? 5 * 60_000);
    },
    cancel() {
      close();
    },
  });
}
