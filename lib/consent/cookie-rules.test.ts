import { describe, expect, it } from "vitest";
import { cookieDomains, cookieNameMatches, isFirstPartyDomain } from "./cookie-rules";

describe("cookie rules", () => {
  it("matches exact names and * patterns, treating other characters literally", () => {
    expect(cookieNameMatches("_ga", "_ga")).toBe(true);
    expect(cookieNameMatches("_ga", "_gat")).toBe(false);
    expect(cookieNameMatches("_ga_*", "_ga_ABC123")).toBe(true);
    expect(cookieNameMatches("a.b", "axb")).toBe(false);
    expect(cookieNameMatches("*authjs.session-token", "__Secure-authjs.session-token")).toBe(true);
  });
  it("tries the host and every parent domain, host-only for addresses", () => {
    expect(cookieDomains("www.shop.example.co.uk")).toEqual(["", ".www.shop.example.co.uk", ".shop.example.co.uk", ".example.co.uk", ".co.uk"]);
    expect(cookieDomains("localhost")).toEqual([""]);
    expect(cookieDomains("127.0.0.1")).toEqual([""]);
  });
  it("deletes only first-party cookies", () => {
    expect(isFirstPartyDomain(null, "www.example.com")).toBe(true);
    expect(isFirstPartyDomain(".example.com", "www.example.com")).toBe(true);
    expect(isFirstPartyDomain("doubleclick.net", "www.example.com")).toBe(false);
    expect(isFirstPartyDomain("ample.com", "www.example.com")).toBe(false);
  });
});
