import { describe, expect, it } from "vitest";
import { acceptAll, allowsCategory, applyGpc, conflictsWithGpc, consentModeDefault, consentModeUpdate, NOTHING, withdrawnCategories } from "./categories";

const ALL = { necessary: true as const, functional: true, analytics: true, advertising: true };

describe("Global Privacy Control", () => {
  it("refuses analytics and advertising and leaves functional as chosen", () => {
    expect(applyGpc(ALL)).toEqual({ necessary: true, functional: true, analytics: false, advertising: false });
    expect(conflictsWithGpc(ALL)).toBe(true);
    expect(conflictsWithGpc({ ...NOTHING, functional: true })).toBe(false);
  });
  it("makes Accept all grant only what the signal allows", () => {
    expect(acceptAll(["functional", "analytics", "advertising"], true)).toEqual({ necessary: true, functional: true, analytics: false, advertising: false });
    expect(acceptAll(["analytics"], false)).toEqual({ necessary: true, functional: false, analytics: true, advertising: false });
  });
});

describe("Google Consent Mode v2", () => {
  it("denies everything by default and waits for the update", () => {
    expect(consentModeDefault()).toEqual({
      ad_storage: "denied",
      analytics_storage: "denied",
      ad_user_data: "denied",
      ad_personalization: "denied",
      functionality_storage: "denied",
      personalization_storage: "denied",
      security_storage: "granted",
      wait_for_update: 500,
    });
  });
  it("maps advertising to the three ad signals and analytics to analytics_storage", () => {
    expect(consentModeUpdate({ ...NOTHING, advertising: true })).toMatchObject({ ad_storage: "granted", ad_user_data: "granted", ad_personalization: "granted", analytics_storage: "denied" });
    expect(consentModeUpdate({ ...NOTHING, analytics: true })).toMatchObject({ analytics_storage: "granted", ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied" });
    expect(consentModeUpdate({ ...NOTHING, functional: true })).toMatchObject({ functionality_storage: "granted", personalization_storage: "granted" });
  });
});

describe("withdrawnCategories and allowsCategory", () => {
  it("lists what a new choice takes back", () => {
    expect(withdrawnCategories(ALL, { ...ALL, analytics: false, advertising: false })).toEqual(["analytics", "advertising"]);
    expect(withdrawnCategories(null, NOTHING)).toEqual([]);
    expect(withdrawnCategories(NOTHING, ALL)).toEqual([]);
  });
  it("answers the widget's contract, marketing included, and nothing unknown", () => {
    expect(allowsCategory(null, "necessary")).toBe(true);
    expect(allowsCategory(null, "functional")).toBe(false);
    expect(allowsCategory({ ...NOTHING, advertising: true }, "marketing")).toBe(true);
    expect(allowsCategory(ALL, "telemetry")).toBe(false);
  });
});
