import { describe, expect, it } from "vitest";
import { truncateIp, clientIpFromHeaders } from "./ip";

describe("truncateIp", () => {
  it("keeps only the /24 of an IPv4 address", () => {
    expect(truncateIp("203.0.113.77")).toBe("203.0.113.0/24");
  });
  it("keeps only the /48 of an IPv6 address", () => {
    expect(truncateIp("2001:db8:abcd:12:1:2:3:4")).toBe("2001:db8:abcd::/48");
  });
  it("treats IPv4-mapped IPv6 as IPv4", () => {
    expect(truncateIp("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
  });
  it("refuses garbage", () => {
    expect(truncateIp("not-an-ip")).toBeNull();
    expect(truncateIp("")).toBeNull();
  });
});

describe("clientIpFromHeaders", () => {
  it("ignores addresses a client prepends: the entry our proxy appended wins", () => {
    expect(clientIpFromHeaders(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.1" }))).toBe("198.51.100.1");
  });
  it("honours more trusted proxy hops", () => {
    expect(clientIpFromHeaders(new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.1, 10.0.0.1" }), 2)).toBe("198.51.100.1");
  });
});
