import { describe, expect, it } from "vitest";
import { effectiveMonths, RETENTION_CATEGORIES, retentionCategory, ZRetentionUpdate } from "./categories";

describe("retention categories", () => {
  it("take their defaults from the privacy policy", () => {
    const byId = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c.id, c.defaultMonths]));
    expect(byId).toMatchObject({
      "conversation-logs": 24,
      "call-recordings": 12,
      "api-webhook-logs": 18,
      "security-logs": 12,
      "support-tickets": 36,
      "payment-event-metadata": 36,
      "product-analytics": 24,
      "commerce-scheduling-data": 24,
      "oauth-tokens": null,
      "cookie-identifiers": null,
    });
    expect(retentionCategory("oauth-tokens")!.defaultLabel).toMatch(/30 days/);
  });

  it("accept values inside the range and refuse the whole update otherwise", () => {
    expect(ZRetentionUpdate.safeParse({ "conversation-logs": "6", "call-recordings": 12 }).data).toEqual({ "conversation-logs": 6, "call-recordings": 12 });
    const tooLong = ZRetentionUpdate.safeParse({ "conversation-logs": 25, "call-recordings": 3 });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error!.issues[0]!.message).toMatch(/between 1 and 24 months/);
    expect(ZRetentionUpdate.safeParse({ "conversation-logs": 0 }).success).toBe(false);
    expect(ZRetentionUpdate.safeParse({ "conversation-logs": 2.5 }).success).toBe(false);
    expect(ZRetentionUpdate.safeParse({ "conversation-logs": "abc" }).success).toBe(false);
    expect(ZRetentionUpdate.safeParse({ "security-logs": 6 }).error!.issues[0]!.message).toMatch(/fixed/);
    expect(ZRetentionUpdate.safeParse({ nope: 6 }).success).toBe(false);
  });

  it("use the tenant's setting only where the tenant may choose", () => {
    const m = effectiveMonths([{ category: "conversation-logs", months: 6 }, { category: "api-webhook-logs", months: 1 }]);
    expect(m["conversation-logs"]).toBe(6);
    expect(m["api-webhook-logs"]).toBe(18);
  });
});
