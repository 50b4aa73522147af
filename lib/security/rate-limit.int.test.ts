import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { defineLimit, limitKeyDigest } from "./rate-limit";

/** Against the real Redis; every key lives under a prefix unique to this run and is deleted afterwards. */
const REDIS_URL = env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `sotto-test:${randomUUID()}`;
let redis: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // Connect before the first consume: with no offline queue, an unready client would silently use the memory fallback.
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe("defineLimit (Redis)", () => {
  it("allows N requests, then refuses with a retry delay shared through Redis", async () => {
    const email = `Alice.${randomUUID()}@Example.com`;
    const limit = defineLimit("sign-in-email", { points: 3, durationSec: 600 }, { redis, keyPrefix: prefix });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limit.consume(email));
    expect(results.slice(0, 3).map((r) => r.ok)).toEqual([true, true, true]);
    expect(results[3]!.ok).toBe(false);
    const refused = results[3]!;
    if (!refused.ok) expect(refused.retryAfterSec).toBeGreaterThan(590);

    // A second process (new limiter, same store) sees the same budget.
    const other = defineLimit("sign-in-email", { points: 3, durationSec: 600 }, { redis, keyPrefix: prefix });
    expect((await other.consume(email.toLowerCase())).ok).toBe(false);
  });

  it("stores only hashed keys, never the raw email", async () => {
    const email = `bob.${randomUUID()}@example.com`;
    const limit = defineLimit("dsr-identity", { points: 5, durationSec: 60 }, { redis, keyPrefix: prefix });
    await limit.consume(email);

    const keys = await redis.keys(`${prefix}:dsr-identity:*`);
    expect(keys).toEqual([`${prefix}:dsr-identity:${limitKeyDigest("dsr-identity", email)}`]);
    const local = email.split("@")[0]!;
    for (const key of await redis.keys(`${prefix}:*`)) {
      expect(key).not.toContain(local);
      expect(key.toLowerCase()).not.toContain("example.com");
      expect(await redis.get(key)).not.toContain(local);
    }
    expect(await redis.ttl(keys[0]!)).toBeGreaterThan(50);
  });

  it("stores the block period in Redis", async () => {
    const limit = defineLimit("blocked", { points: 1, durationSec: 5, blockSec: 300 }, { redis, keyPrefix: prefix });
    await limit.consume("203.0.113.9");
    const refused = await limit.consume("203.0.113.9");
    expect(!refused.ok && refused.retryAfterSec).toBeGreaterThan(290);
    const [key] = await redis.keys(`${prefix}:blocked:*`);
    expect(await redis.ttl(key!)).toBeGreaterThan(290);
  });
});
