import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacSha256Hex, timingSafeEqualStr } from "./timing-safe";

describe("timingSafeEqualStr", () => {
  it("is true only for identical strings", () => {
    expect(timingSafeEqualStr("sig-abc", "sig-abc")).toBe(true);
    expect(timingSafeEqualStr("sig-abc", "sig-abd")).toBe(false);
    expect(timingSafeEqualStr("", "")).toBe(true);
  });
  it("handles different lengths without throwing", () => {
    expect(timingSafeEqualStr("short", "much longer value")).toBe(false);
    expect(timingSafeEqualStr("", "x")).toBe(false);
  });
  it("compares unicode by content", () => {
    expect(timingSafeEqualStr("é", "é")).toBe(true);
    expect(timingSafeEqualStr("é", "e\u0301")).toBe(false);
  });
});

describe("hmacSha256Hex", () => {
  it("matches node's HMAC over the raw bytes", () => {
    const raw = Buffer.from('{"a":1}');
    expect(hmacSha256Hex("secret", raw)).toBe(createHmac("sha256", "secret").update(raw).digest("hex"));
    // RFC 4231 test case 2
    expect(hmacSha256Hex("Jefe", "what do ya want for nothing?")).toBe("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  });
});
