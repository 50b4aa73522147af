import "server-only";
import { pool } from "@/lib/db/client";
import type { ChannelStatus, ChannelType } from "@/lib/db/generated/enums";

/** What the accept path needs to know about a channel, found across tenants by its provider routing key. */
export type TChannelRoute = {
  tenantId: string;
  channelId: string;
  type: ChannelType;
  status: ChannelStatus;
  /** Key-ring ciphertext of the per-channel webhook secret (Twilio auth token); decrypt with channel-secrets.ts. */
  webhookSecret: string | null;
  sandbox: boolean;
};

/**
 * Webhook bursts hit the same few channels thousands of times a second, so
 * lookups are cached briefly. A channel connected, disconnected or given a new
 * secret takes effect within CACHE_MS.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 5_000;
const g = globalThis as unknown as { sottoChannelRoutes?: Map<string, { at: number; route: TChannelRoute | null }> };
const cache = (g.sottoChannelRoutes ??= new Map());

export function clearChannelRouteCache(): void {
  cache.clear();
}

/** The channel for a provider routing key (sotto_channel_route), or null when none is connected. */
export async function routeChannel(type: ChannelType, externalId: string): Promise<TChannelRoute | null> {
  const key = `${type}\u0000${externalId}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.route;
  const { rows } = await pool().query<{ tenant_id: string; channel_id: string; status: ChannelStatus; webhook_secret: string | null; sandbox: boolean }>(
    "SELECT * FROM sotto_channel_route($1, $2)",
    [type, externalId],
  );
  const r = rows[0];
  const route: TChannelRoute | null = r ? { tenantId: r.tenant_id, channelId: r.channel_id, type, status: r.status, webhookSecret: r.webhook_secret, sandbox: r.sandbox } : null;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: Date.now(), route });
  return route;
}
