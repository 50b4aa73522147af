import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { extendCsp, routeSecurityPolicy } from "./route-policies";

const run = (path: string) => proxy(new NextRequest(new URL(path, "https://app.sotto.test")));
const directive = (csp: string | null, name: string) => csp?.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? null;

describe("route security policies", () => {
  it("the WhatsApp connect page may load the Facebook SDK and keep its sign-up pop-up's opener", () => {
    const res = run("/t/acme-shop/settings/channels/new/whatsapp");
    const csp = res.headers.get("content-security-policy");
    expect(directive(csp, "script-src")).toMatch(/^script-src 'self' 'nonce-[^']+' 'strict-dynamic'( 'unsafe-eval')? https:\/\/connect\.facebook\.net$/);
    expect(directive(csp, "frame-src")).toBe("frame-src 'self' https://www.facebook.com https://web.facebook.com https://staticxx.facebook.com");
    expect(directive(csp, "connect-src")).toContain("https://graph.facebook.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin-allow-popups");
  });

  it("no other page gets Facebook, including the other connect pages and look-alike paths", () => {
    for (const path of ["/t/acme-shop/settings/channels", "/t/acme-shop/settings/channels/new/messenger", "/t/acme-shop/settings/channels/new/whatsapp/x", "/t/acme-shop/settings/channels/new/whatsappx", "/t/a/b/settings/channels/new/whatsapp", "/sign-in"]) {
      const res = run(path);
      expect(res.headers.get("content-security-policy"), path).not.toContain("facebook");
      expect(res.headers.get("cross-origin-opener-policy"), path).toBe("same-origin");
    }
    expect(routeSecurityPolicy("/T/acme/settings/channels/new/whatsapp")).toBeNull();
  });

  it("extendCsp adds to existing directives and starts absent ones from default-src, before the report directives", () => {
    const csp = "default-src 'self'; script-src 'self'; upgrade-insecure-requests; report-uri /r";
    expect(extendCsp(csp, { "script-src": ["https://a.test", "'self'"], "frame-src": ["https://b.test"] })).toBe(
      "default-src 'self'; script-src 'self' https://a.test; frame-src 'self' https://b.test; upgrade-insecure-requests; report-uri /r",
    );
  });
});
