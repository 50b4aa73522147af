import { describe, expect, it } from "vitest";
import { isOriginAllowed, normalizeOrigin } from "./origins";

describe("normalizeOrigin", () => {
  it("keeps scheme, lower-case host and a non-default port", () => {
    expect(normalizeOrigin("https://Shop.Example.COM")).toBe("https://shop.example.com");
    expect(normalizeOrigin("https://shop.example.com/")).toBe("https://shop.example.com");
    expect(normalizeOrigin("http://localhost:8080")).toBe("http://localhost:8080");
    expect(normalizeOrigin("http://127.0.0.1:5173")).toBe("http://127.0.0.1:5173");
  });
  it("drops default ports so both spellings compare equal", () => {
    expect(normalizeOrigin("https://example.com:443")).toBe("https://example.com");
    expect(normalizeOrigin("http://example.com:80")).toBe("http://example.com");
  });
  it("writes internationalised hosts in punycode", () => {
    expect(normalizeOrigin("https://bücher.example")).toBe("https://xn--bcher-kva.example");
  });
  it("refuses anything that is not a bare http(s) origin", () => {
    for (const bad of [
      "",
      "null",
      "example.com",
      "ftp://example.com",
      "javascript:alert(1)",
      "https://example.com/shop",
      "https://example.com/?a=1",
      "https://example.com/#x",
      "https://user:pw@example.com",
      "https://user@example.com",
      "https://example.com.",
      "https://",
    ]) {
      expect(normalizeOrigin(bad), bad).toBeNull();
    }
  });
});

describe("isOriginAllowed", () => {
  const allowed = ["https://example.com", "http://localhost:3000"];

  it("allows exact matches only", () => {
    expect(isOriginAllowed("https://example.com", allowed)).toBe(true);
    expect(isOriginAllowed("http://localhost:3000", allowed)).toBe(true);
  });
  it("refuses suffix, prefix and look-alike tricks", () => {
    for (const origin of [
      "https://evil-example.com",
      "https://notexample.com",
      "https://example.com.evil.test",
      "https://sub.example.com",
      "https://example.co",
      "https://example.com@evil.test",
    ]) {
      expect(isOriginAllowed(origin, allowed), origin).toBe(false);
    }
  });
  it("compares scheme and port too", () => {
    expect(isOriginAllowed("http://example.com", allowed)).toBe(false);
    expect(isOriginAllowed("https://example.com:8443", allowed)).toBe(false);
    expect(isOriginAllowed("http://localhost:3001", allowed)).toBe(false);
    expect(isOriginAllowed("https://localhost:3000", allowed)).toBe(false);
  });
  it("refuses missing and opaque origins", () => {
    expect(isOriginAllowed(null, allowed)).toBe(false);
    expect(isOriginAllowed("null", allowed)).toBe(false);
    expect(isOriginAllowed("https://example.com", [])).toBe(false);
  });
});
