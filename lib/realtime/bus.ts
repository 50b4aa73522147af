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
  // An agent was @mentioned in a private note (lib/inbox/mention-notifications.ts); clients act only on their own userId.
  z.object({ type: z.literal("mention.created"), conversationId: z.string(), messageId: z.string(), userId: z.string() }),
]);
export type TRealtimeEvent = z.infer<typeof ZRealtimeEvent>;
type THandler = (event: TRealtimeEvent) => void;

const CHANNEL_PREFIX = "sotto:rt:";
type TBus = { emitter: EventEmitter; pub?: Redis; sub?: Redis; channels: Set<string> };
const g = globalThis as unknown as { sottoBus?: TBus };

function bus(): TBus {
  if (g.sottoBus) return g.sottoBus;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const state: TBus = { emitter, channels: new Set() };
  if (env.REDIS_URL) {
    // Auto-pipelining: commands issued by concurrent requests in the same tick share one socket write.
    state.pub = new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2, enableAutoPipelining: true });
    state.sub = new Redis(env.REDIS_URL, { lazyConnect: false });
    state.sub.on("message", (channel: string, message: string) => {
      const parsed = ZRealtimeEvent.safeParse(safeJson(message));
      if (parsed.success) emitter.emit(channel.slice(CHANNEL_PREFIX.length), parsed.data);
    });
  }
  g.sottoBus = state;
  return state;
}

/**
 * A process listens on Redis only for the tenants it has live clients for (an
 * inbox tab, a widget): a server answering webhooks with nobody watching reads
 * none of the traffic it publishes.
 */
function syncSubscription(b: TBus, tenantId: string): void {
  if (!b.sub) return;
  const channel = CHANNEL_PREFIX + tenantId;
  const wanted = b.emitter.listenerCount(tenantId) > 0;
  if (wanted && !b.channels.has(channel)) {
    b.channels.add(channel);
    b.sub.subscribe(channel).catch((e) => log.error("realtime subscribe failed", { error: String(e) }));
  } else if (!wanted && b.channels.has(channel)) {
    b.channels.delete(channel);
    b.sub.unsubscribe(channel).catch((e) => log.warn("realtime unsubscribe failed", { error: String(e) }));
  }
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
  syncSubscription(b, tenantId);
  return () => {
    b.emitter.off(tenantId, handler);
    syncSubscription(b, tenantId);
  };
}
