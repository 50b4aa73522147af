import { describe, expect, it } from "vitest";
import { toE164 } from "./phone";

describe("toE164", () => {
  it("normalises provider formats to E.164", () => {
    expect(toE164("+39 333 123 4567")).toBe("+393331234567");
    expect(toE164("whatsapp:+393331234567")).toBe("+393331234567");
    expect(toE164("393331234567")).toBe("+393331234567");
    expect(toE164("+1 (650) 555-1234")).toBe("+16505551234");
    expect(toE164(" +34 612 34 56 78 ")).toBe("+34612345678");
  });
  it("refuses what is not a possible phone number", () => {
    for (const v of ["", null, undefined, "abc", "+1", "3331234567x", "12", "+999999999999999999"]) expect(toE164(v), String(v)).toBeNull();
  });
});

describe("toE164 memo", () => {
  it("answers repeated inputs the same as the first time, valid or not", () => {
    for (let round = 0; round < 3; round++) {
      expect(toE164("+39 333 123 4567")).toBe("+393331234567");
      expect(toE164("393331234567")).toBe("+393331234567");
      expect(toE164("+1")).toBeNull();
    }
  });
  it("stays correct past its size bound", () => {
    for (let i = 0; i < 12_000; i++) expect(toE164(`+3933312${String(i).padStart(5, "0")}`)).toBe(`+3933312${String(i).padStart(5, "0")}`);
    expect(toE164("+39 333 123 4567")).toBe("+393331234567");
  });
});
