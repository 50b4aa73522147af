import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";

/**
 * The proxy denies framing everywhere except the widget's chat frame, whose
 * route sets its own CSP with the channel's allowed origins as frame-ancestors.
 */
const run = (path: string) => proxy(new NextRequest(new URL(path, "https://app.sotto.test")));

describe("proxy framing policy", () => {
  it("forbids framing of ordinary pages and API routes", () => {
    for (const path of ["/", "/sign-in", "/t/acme-shop/inbox", "/api/widget/session", "/widget", "/widget/frame/x", "/widget/frames", "/widget.js"]) {
      const res = run(path);
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("leaves CSP and X-Frame-Options of the chat frame to its route, keeping the other headers", () => {
    const res = run("/widget/frame?key=pk_x&origin=https%3A%2F%2Fshop.example.com");
    expect(res.headers.get("content-security-policy")).toBeNull();
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/max-age=/);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});
