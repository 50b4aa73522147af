import { describe, expect, it } from "vitest";
import { sanitizeMetadata } from "./sanitize";

describe("sanitizeMetadata", () => {
  it("drops secret-looking keys at every depth, in objects and arrays", () => {
    const out = sanitizeMetadata({
      name: "x",
      apiKey: "k",
      API_KEY: "k",
      sessionToken: "t",
      Password: "p",
      clientSecret: "s",
      nested: { ok: 1, webhook_secret: "s", list: [{ refreshToken: "r", keep: true }, "plain"] },
    });
    expect(out).toEqual({ name: "x", nested: { ok: 1, list: [{ keep: true }, "plain"] } });
  });

  it("turns non-JSON values into JSON and survives cycles", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const out = sanitizeMetadata({ when: new Date("2026-01-01T00:00:00Z"), big: 10n, nan: NaN, fn: () => 1, undef: undefined, cyclic });
    expect(out).toEqual({ when: "2026-01-01T00:00:00.000Z", big: "10", nan: null, cyclic: { a: 1, self: "[truncated]" } });
  });

  it("truncates very long strings and returns {} for nothing", () => {
    const out = sanitizeMetadata({ s: "x".repeat(5000) });
    expect((out.s as string).length).toBeLessThan(2100);
    expect(sanitizeMetadata(undefined)).toEqual({});
  });
});
