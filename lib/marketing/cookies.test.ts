import { describe, expect, it } from "vitest";
import { COOKIES } from "./cookies";

// The cookie policy promises no consent-requiring cookie until the consent manager ships.
describe("cookies", () => {
  it("lists only strictly necessary cookies, each with a purpose and duration", () => {
    expect(COOKIES.length).toBeGreaterThan(0);
    for (const c of COOKIES) {
      expect(c.category).toBe("strictly-necessary");
      expect(c.purpose.trim()).not.toBe("");
      expect(c.duration.trim()).not.toBe("");
    }
  });
});
