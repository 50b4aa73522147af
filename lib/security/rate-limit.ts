import "server-only";
import { createHmac } from "node:crypto";
import ipaddr from "ipaddr.js";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Fixed-window rate limits shared across instances through Redis when
 * REDIS_URL is set, per process otherwise. A Redis outage degrades to the
 * per-process memory limiter (looser by the number of instances) instead of
 * failing every request. Declare limits in lib/security/limits.ts.
 */
export type TLimitSpec = { points: number; durationSec: number; blockSec?: number };
export type TConsumeResult = { ok: true; remaining: number } | { ok: false; retryAfterSec: number };
export type TLimit = {
  readonly name: string;
  readonly spec: Readonly<TLimitSpec>;
  consume(key: string): Promise<TConsumeResult>;
};
/** Tests inject a client (or `null` for memory only) and a per-run key prefix. */
export type TLimitDeps = { redis?: Redis | null; keyPrefix?: string; scale?: number };

const DEFAULT_PREFIX = "sotto:rl";
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

const shared = globalThis as unknown as { __sottoRateLimitRedis?: Redis | null };
let lastRedisWarning = 0;

/** One client per process; kept on globalThis so dev reloads don't leak connections. */
function sharedRedis(): Redis | null {
  if (shared.__sottoRateLimitRedis !== undefined) return shared.__sottoRateLimitRedis;
  if (!env.REDIS_URL) return (shared.__sottoRateLimitRedis = null);
  // No offline queue: while Redis is unreachable, commands fail at once and the
  // memory insurance limiter answers, rather than requests hanging on a queue.
  // Auto-pipelining: checks from concurrent requests in the same tick share one socket write.
  const client = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableAutoPipelining: true });
  client.on("error", (err: Error) => {
    if (Date.now() - lastRedisWarning < 30_000) return;
    lastRedisWarning = Date.now();
    log.warn("rate limit store unavailable, using per-process limits", { err: err.message });
  });
  return (shared.__sottoRateLimitRedis = client);
}

let hashKeyCache: Buffer | undefined;

/**
 * Keys (emails, IPs) are personal data: only a keyed SHA-256 digest reaches the
 * store. Keying with a secret derived from AUTH_SECRET stops anyone reading
 * Redis from reversing IPv4 addresses or common emails by brute force.
 */
function hashKey(): Buffer {
  hashKeyCache ??= createHmac("sha256", env.AUTH_SECRET ?? "sotto-dev-only").update("sotto/rate-limit-key/v1").digest();
  return hashKeyCache;
}

export function limitKeyDigest(name: string, key: string): string {
  // Case and Unicode variants of the same email must share one budget.
  const normalised = key.normalize("NFKC").trim().toLowerCase();
  return createHmac("sha256", hashKey()).update(`${name}\u0000${normalised}`).digest("base64url");
}

export function defineLimit(name: string, spec: TLimitSpec, deps: TLimitDeps = {}): TLimit {
  if (!NAME.test(name)) throw new Error(`rate limit name must be kebab-case: ${name}`);
  for (const [k, v] of Object.entries(spec)) {
    if (v !== undefined && (!Number.isInteger(v) || v < (k === "blockSec" ? 0 : 1))) throw new Error(`rate limit ${name}: invalid ${k}`);
  }
  const blockSec = spec.blockSec ?? 0;
  let limiter: RateLimiterAbstract | undefined;

  // Built on first use so importing limits.ts (e.g. during `next build`) opens no connection.
  const build = (): RateLimiterAbstract => {
    const points = spec.points * (deps.scale ?? env.RATE_LIMIT_SCALE);
    const base = { keyPrefix: `${deps.keyPrefix ?? DEFAULT_PREFIX}:${name}`, points, duration: spec.durationSec, blockDuration: blockSec };
    const memory = new RateLimiterMemory(base);
    const redis = deps.redis === undefined ? sharedRedis() : deps.redis;
    if (!redis) return memory;
    return new RateLimiterRedis({
      ...base,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
      // Once a key is over its limit, refuse it from memory so a flood does not also flood Redis.
      inMemoryBlockOnConsumed: points + 1,
      inMemoryBlockDuration: blockSec,
    });
  };

  return {
    name,
    spec: Object.freeze({ ...spec }),
    async consume(key: string): Promise<TConsumeResult> {
      limiter ??= build();
      try {
        const res = await limiter.consume(limitKeyDigest(name, key));
        return { ok: true, remaining: res.remainingPoints };
      } catch (err) {
        if (err instanceof RateLimiterRes) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
        throw err;
      }
    },
  };
}

/**
 * The rate-limit key for a client address. An IPv6 client usually controls a
 * whole /64, so the /64 is one budget; IPv4 is per address. Requests without a
 * usable address share one bucket rather than escaping the limit.
 */
export function ipRateKey(ip: string | null | undefined): string {
  const candidate = ip?.trim().replace(/^\[|\]$/g, "");
  if (!candidate || !ipaddr.isValid(candidate)) return "ip:unknown";
  let addr = ipaddr.parse(candidate);
  if (addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress()) addr = addr.toIPv4Address();
  if (addr instanceof ipaddr.IPv4) return `ip:${addr.toString()}`;
  const p = (addr as ipaddr.IPv6).parts;
  return `ip6:${new ipaddr.IPv6([p[0]!, p[1]!, p[2]!, p[3]!, 0, 0, 0, 0]).toNormalizedString()}/64`;
}

export function rateLimitResponse(retryAfterSec: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterSec));
  return Response.json(
    { error: "rate_limited", retryAfterSec: seconds },
    { status: 429, headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" } },
  );
}
