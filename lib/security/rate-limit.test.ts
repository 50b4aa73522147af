import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { defineLimit, ipRateKey, limitKeyDigest, rateLimitResponse } from "./rate-limit";

describe("defineLimit (memory)", () => {
  it("allows N requests, then refuses with a retry delay", async () => {
    const limit = defineLimit("test-memory", { points: 3, durationSec: 60 }, { redis: null });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limit.consume("user@example.com"));
    expect(results.slice(0, 3)).toEqual([
      { ok: true, remaining: 2 },
      { ok: true, remaining: 1 },
      { ok: true, remaining: 0 },
    ]);
    const refused = results[3]!;
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSec).toBeGreaterThan(0);
    if (!refused.ok) expect(refused.retryAfterSec).toBeLessThanOrEqual(60);
  });

  it("keeps separate budgets per key and treats case variants as one key", async () => {
    const limit = defineLimit("test-keys", { points: 1, durationSec: 60 }, { redis: null });
    expect((await limit.consume("a@example.com")).ok).toBe(true);
    expect((await limit.consume(" A@Example.com ")).ok).toBe(false);
    expect((await limit.consume("b@example.com")).ok).toBe(true);
  });

  it("blocks for blockSec once exceeded", async () => {
    const limit = defineLimit("test-block", { points: 1, durationSec: 1, blockSec: 600 }, { redis: null });
    await limit.consume("k");
    const refused = await limit.consume("k");
    expect(!refused.ok && refused.retryAfterSec).toBeGreaterThan(590);
  });

  it("rejects invalid definitions", () => {
    expect(() => defineLimit("Bad Name", { points: 1, durationSec: 1 })).toThrow();
    expect(() => defineLimit("zero", { points: 0, durationSec: 1 })).toThrow();
    expect(() => defineLimit("fraction", { points: 1, durationSec: 0.5 })).toThrow();
  });
});

describe("insurance", () => {
  it("falls back to memory limits when Redis is unreachable", async () => {
    const broken = new Redis({ port: 1, host: "127.0.0.1", enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    broken.on("error", () => undefined);
    const limit = defineLimit("test-insured", { points: 2, durationSec: 60 }, { redis: broken });
    try {
      expect(await limit.consume("k")).toEqual({ ok: true, remaining: 1 });
      expect(await limit.consume("k")).toEqual({ ok: true, remaining: 0 });
      expect((await limit.consume("k")).ok).toBe(false);
    } finally {
      broken.disconnect();
    }
  });
});

describe("limitKeyDigest", () => {
  it("never contains the raw key and differs per limit", () => {
    const d = limitKeyDigest("sign-in-email", "alice@example.com");
    expect(d).not.toContain("alice");
    expect(d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(limitKeyDigest("dsr-identity", "alice@example.com")).not.toBe(d);
  });
});

describe("ipRateKey", () => {
  it("keys IPv4 by address and IPv6 by /64", () => {
    expect(ipRateKey("203.0.113.7")).toBe("ip:203.0.113.7");
    expect(ipRateKey("::ffff:203.0.113.7")).toBe("ip:203.0.113.7");
    expect(ipRateKey("2001:db8:1:2:aaaa::1")).toBe(ipRateKey("2001:db8:1:2:bbbb::9"));
    expect(ipRateKey("2001:db8:1:2::1")).not.toBe(ipRateKey("2001:db8:1:3::1"));
    expect(ipRateKey(null)).toBe("ip:unknown");
    expect(ipRateKey("garbage")).toBe("ip:unknown");
  });
});

describe("rateLimitResponse", () => {
  it("is a 429 with Retry-After", async () => {
    const res = rateLimitResponse(42.2);
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toBe("43");
    expect(await res.json()).toEqual({ error: "rate_limited", retryAfterSec: 43 });
  });
});
