import { describe, expect, it } from "vitest";
import { formatRetention, getRetentionRule, RETENTION_RULES, retentionMonths, type TRetentionCategoryId } from "./retention";

// The privacy policy promises these exact periods; a change here is a policy change.
const PROMISED_MONTHS: Array<[TRetentionCategoryId, number]> = [
  ["conversation-logs", 24],
  ["call-recordings", 12],
  ["api-webhook-logs", 18],
  ["security-logs", 12],
  ["support-tickets", 36],
  ["payment-event-metadata", 36],
  ["product-analytics", 24],
  ["commerce-scheduling-data", 24],
  ["billing-invoices", 120],
];

describe("retention schedule", () => {
  it.each(PROMISED_MONTHS)("keeps %s for %i months", (id, months) => {
    expect(retentionMonths(getRetentionRule(id))).toBe(months);
  });

  it("keeps OAuth tokens only while connected plus 30 days", () => {
    const rule = getRetentionRule("oauth-tokens");
    expect(rule.period).toEqual({ kind: "while-active", during: "the integration is connected", duration: { unit: "days", value: 30 } });
    expect(retentionMonths(rule)).toBeNull();
    expect(formatRetention(rule)).toBe("While the integration is connected, plus 30 days");
  });

  it("defers cookie identifiers to the cookie policy", () => {
    expect(getRetentionRule("cookie-identifiers").period.kind).toBe("cookie-policy");
  });

  it("has unique ids and a reason for every category", () => {
    const ids = RETENTION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RETENTION_RULES) {
      expect(rule.category.trim()).not.toBe("");
      expect(rule.why.trim()).not.toBe("");
    }
  });

  it("formats billing in years and operational data in months", () => {
    expect(formatRetention(getRetentionRule("billing-invoices"))).toBe("10 years");
    expect(formatRetention(getRetentionRule("api-webhook-logs"))).toBe("18 months");
  });

  it("lets tenants configure only data they control", () => {
    for (const rule of RETENTION_RULES.filter((r) => r.tenantConfigurable)) expect(rule.role).toBe("processor");
    expect(getRetentionRule("billing-invoices").tenantConfigurable).toBe(false);
  });

  it("throws on an unknown category", () => {
    expect(() => getRetentionRule("nope" as TRetentionCategoryId)).toThrow(/Unknown retention category/);
  });
});
