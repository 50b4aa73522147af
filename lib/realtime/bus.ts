import "server-only";
import { EventEmitter } from "node:events";
import Redis from "ioredis";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Live updates for the inbox and the widget, published after a commit and pushed
 * to browsers over SSE. Redis pub/sub carries them between processes when
 * REDIS_URL is set; a single process (demo, tests) uses an in-memory emitter.
 * Events are deltas: subscribers patch their caches instead of refetching.
 */
export const ZRealtimeEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message.created"), conversationId: z.string(), messageId: z.string() }),
  z.object({ type: z.literal("message.updated"), conversationId: z.string(), messageId: z.string() }),
  z.object({ type: z.literal("conversation.updated"), conversationId: z.string() }),
]);
export type TRealtimeEvent = z.infer<typeof ZRealtimeEvent>;
type THandler = (event: TRealtimeEvent) => void;

const CHANNEL_PREFIX = "sotto:rt:";
const g = globalThis as unknown as { sottoBus?: { emitter: EventEmitter; pub?: Redis; sub?: Redis } };

function bus() {
  if (g.sottoBus) return g.sottoBus;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const state: { emitter: EventEmitter; pub?: Redis; sub?: Redis } = { emitter };
  if (env.REDIS_URL) {
    state.pub = new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
    state.sub = new Redis(env.REDIS_URL, { lazyConnect: false });
    state.sub.psubscribe(`${CHANNEL_PREFIX}*`).catch((e) => log.error("realtime subscribe failed", { error: String(e) }));
    state.sub.on("pmessage", (_p, channel, message) => {
      const parsed = ZRealtimeEvent.safeParse(safeJson(message));
      if (parsed.success) emitter.emit(channel.slice(CHANNEL_PREFIX.length), parsed.data);
    });
  }
  g.sottoBus = state;
  return state;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Publishes to every subscriber of the tenant. Call after the transaction commits. */
export async function publish(tenantId: string, event: TRealtimeEvent): Promise<void> {
  const b = bus();
  if (b.pub) {
    await b.pub.publish(CHANNEL_PREFIX + tenantId, JSON.stringify(event)).catch((e) => {
      log.warn("realtime publish via Redis failed; delivering locally", { error: String(e) });
      b.emitter.emit(tenantId, event);
    });
  } else {
    b.emitter.emit(tenantId, event);
  }
}

/** Subscribes to a tenant's events; returns the unsubscribe function. */
export function subscribe(tenantId: string, handler: THandler): () => void {
  const b = bus();
  b.emitter.on(tenantId, handler);
  return () => b.emitter.off(tenantId, handler);
}
