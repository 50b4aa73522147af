import { describe, expect, it } from "vitest";
import { formatMonthlyPrice, PLAN_MATRIX, PLANS } from "./plans";

describe("plans", () => {
  it("offers three plans with ascending EUR prices", () => {
    expect(PLANS.map((p) => p.id)).toEqual(["starter", "growth", "enterprise"]);
    const prices = PLANS.map((p) => p.monthlyPriceCents);
    expect([...prices].sort((a, b) => a - b)).toEqual(prices);
    for (const p of PLANS) expect(formatMonthlyPrice(p)).toMatch(/^€\d/);
  });

  it("fills every matrix cell for every plan", () => {
    for (const group of PLAN_MATRIX) {
      for (const row of group.rows) for (const p of PLANS) expect(row.values[p.id]).toBeDefined();
    }
  });
});
