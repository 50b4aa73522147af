import { describe, expect, it } from "vitest";
import { getSubprocessor, SUBPROCESSORS } from "./subprocessors";

describe("sub-processors", () => {
  it("gives every entry all the fields a record of processing needs", () => {
    for (const s of SUBPROCESSORS) {
      for (const field of [s.id, s.name, s.purpose, s.region, s.transferMechanism]) expect(field.trim()).not.toBe("");
      expect(s.dataCategories.length).toBeGreaterThan(0);
      for (const c of s.dataCategories) expect(c.trim()).not.toBe("");
      expect(["always", "when-tenant-enables"]).toContain(s.engagement);
    }
  });

  it("has unique ids", () => {
    const ids = SUBPROCESSORS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names a transfer mechanism for every provider outside the EU", () => {
    for (const s of SUBPROCESSORS.filter((x) => /United States/.test(x.region))) {
      expect(s.transferMechanism).toMatch(/Standard Contractual Clauses/);
    }
  });

  it("engages the AI model provider only when a tenant enables it, without training", () => {
    const openai = getSubprocessor("openai");
    expect(openai.engagement).toBe("when-tenant-enables");
    expect(openai.note).toMatch(/not used to train/);
  });

  it("engages channel providers only when a tenant connects them", () => {
    expect(getSubprocessor("meta").engagement).toBe("when-tenant-enables");
    expect(getSubprocessor("twilio").engagement).toBe("when-tenant-enables");
  });
});
