import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIResponse, type Page } from "@playwright/test";

/**
 * Security headers on real responses, and that the nonce-based CSP actually
 * works in a browser: Next's own scripts run, an injected inline script does not.
 */
type TViolation = { directive: string; blocked: string };
declare global {
  interface Window {
    __cspViolations?: TViolation[];
    __injected?: number;
    __next_f?: unknown[];
    next?: { version?: string };
  }
}

function scriptSrcOf(csp: string): string[] {
  const directive = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src "));
  return directive ? directive.split(/\s+/).slice(1) : [];
}

function nonceOf(csp: string): string {
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp);
  expect(match, "CSP carries a nonce").not.toBeNull();
  return match![1]!;
}

function expectSecurityHeaders(res: APIResponse) {
  const h = res.headers();
  const csp = h["content-security-policy"] ?? "";
  const scriptSrc = scriptSrcOf(csp);
  expect(scriptSrc.some((s) => s.startsWith("'nonce-"))).toBe(true);
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(csp).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
  expect(csp).toMatch(/(^|;\s*)object-src 'none'(;|$)/);
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"]).toContain("camera=()");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-request-id"]).toBeTruthy();
}

/** The nonces on the page's <script> tags must be this response's nonce, or the browser blocks them. */
async function expectScriptsCarryNonce(res: APIResponse) {
  const nonce = nonceOf(res.headers()["content-security-policy"] ?? "");
  const html = await res.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, "every script tag carries the request nonce").toContain(`nonce="${nonce}"`);
}

async function watchViolations(page: Page) {
  // Init scripts are injected by the browser tooling, outside the page's CSP.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations!.push({ directive: e.effectiveDirective, blocked: e.blockedURI });
    });
  });
  const consoleCsp: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) consoleCsp.push(msg.text());
  });
  return consoleCsp;
}

test.describe("security headers", () => {
  test("the home page carries the security headers and a nonce on every script", async ({ request }) => {
    const res = await request.get("/");
    expect(res.status()).toBe(200);
    expectSecurityHeaders(res);
    await expectScriptsCarryNonce(res);
  });

  test("a 404 page carries the security headers", async ({ request }) => {
    const res = await request.get(`/no-such-page-${Date.now()}`);
    expect(res.status()).toBe(404);
    expectSecurityHeaders(res);
  });

  test("a 404 page's scripts carry the request nonce (needs per-request rendering)", async ({ request }) => {
    await expectScriptsCarryNonce(await request.get(`/no-such-page-${Date.now()}`));
  });

  test("API responses carry the security headers too", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(await res.json()).toEqual({ ok: true });
    expectSecurityHeaders(res);
  });

  test("provider webhooks, which skip the proxy, still carry static security headers", async ({ request }) => {
    const res = await request.post("/api/webhooks/meta", { headers: { "content-type": "application/json" }, data: "{}" });
    expect([401, 503]).toContain(res.status());
    const h = res.headers();
    expect(h["content-security-policy"]).toMatch(/(^|;\s*)default-src 'none'(;|$)/);
    expect(h["content-security-policy"]).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  test("every load gets a fresh nonce", async ({ request }) => {
    const a = nonceOf((await request.get("/")).headers()["content-security-policy"] ?? "");
    const b = nonceOf((await request.get("/")).headers()["content-security-policy"] ?? "");
    expect(a).not.toBe(b);
  });
});

test.describe("CSP in the browser", () => {
  /**
   * Simulates stored/reflected XSS: markup injected into the server's HTML, so the
   * scripts are parser-inserted. (`page.addScriptTag` would not do: it creates the
   * script through the DOM, and 'strict-dynamic' deliberately trusts DOM-created
   * scripts, since only code that already runs can create them.)
   */
  const INJECTED =
    '<script>window.__injected = 1</script>' +
    '<script nonce="guessed">window.__injected = 2</script>' +
    '<script src="https://evil.example/x.js"></script>';

  test("Next's own scripts run; injected scripts without the nonce are blocked", async ({ page, baseURL }) => {
    const consoleCsp = await watchViolations(page);
    const home = new URL("/", baseURL).toString();
    await page.route(home, async (route) => {
      const res = await route.fetch();
      const html = await res.text();
      expect(html).toContain("</body>");
      await route.fulfill({ response: res, body: html.replace("</body>", `${INJECTED}</body>`) });
    });
    await page.goto(home);

    // __next_f is filled by nonce-bearing inline scripts; window.next is set by the nonce-bearing bootstrap chunk.
    await page.waitForFunction(() => Array.isArray(window.__next_f) && !!window.next?.version);
    await expect.poll(() => page.evaluate(() => window.__cspViolations!.length)).toBe(3);
    expect(await page.evaluate(() => window.__injected)).toBeUndefined();
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([
      { directive: "script-src-elem", blocked: "inline" },
      { directive: "script-src-elem", blocked: "inline" },
      { directive: "script-src-elem", blocked: "https://evil.example/x.js" },
    ]);
    expect(consoleCsp.length).toBeGreaterThan(0);
  });

  test("an unmodified page loads without any CSP violation", async ({ page }) => {
    const consoleCsp = await watchViolations(page);
    await page.goto("/");
    await page.waitForFunction(() => Array.isArray(window.__next_f) && !!window.next?.version);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    expect(consoleCsp).toEqual([]);
  });

  test("another site cannot frame the app", async ({ page, baseURL }) => {
    const framed = new URL("/", baseURL).toString();
    // A real local server as the other site: Chromium's Local Network Access checks
    // would block a public (or route-fulfilled) page from framing a loopback app anyway.
    const evil = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end(`<iframe src="${framed}"></iframe>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
    try {
      const consoleCsp = await watchViolations(page);
      const statuses: number[] = [];
      page.on("response", (r) => {
        if (r.url() === framed) statuses.push(r.status());
      });
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await expect.poll(() => page.frames().length).toBe(2);
      // The app answered, and the browser still refused to render it.
      await expect.poll(() => statuses).toEqual([200]);
      await expect.poll(() => page.frames()[1]!.url()).toMatch(/^chrome-error:/);
      await expect.poll(() => consoleCsp.some((m) => m.includes("frame-ancestors"))).toBe(true);
    } finally {
      evil.close();
    }
  });
});

test.describe("CSP report endpoint", () => {
  const report = {
    "csp-report": {
      "document-uri": "http://localhost/?email=someone@example.test",
      "blocked-uri": "inline",
      "effective-directive": "script-src-elem",
      "line-number": 1,
    },
  };

  test("accepts a browser report without an Origin (origin check explicitly skipped)", async ({ request }) => {
    const res = await request.post("/api/csp-report", {
      headers: { "content-type": "application/csp-report" },
      data: JSON.stringify(report),
    });
    expect(res.status()).toBe(204);
  });

  test("accepts Reporting API batches", async ({ request }) => {
    const batch = [{ type: "csp-violation", age: 1, url: "http://localhost/", body: { documentURL: "http://localhost/", blockedURL: "inline", effectiveDirective: "script-src-elem", disposition: "enforce" } }];
    const res = await request.post("/api/csp-report", { headers: { "content-type": "application/reports+json" }, data: JSON.stringify(batch) });
    expect(res.status()).toBe(204);
  });

  test("refuses other content types and oversized bodies", async ({ request }) => {
    const wrongType = await request.post("/api/csp-report", { headers: { "content-type": "text/plain" }, data: "hello" });
    expect(wrongType.status()).toBe(415);
    const big = await request.post("/api/csp-report", {
      headers: { "content-type": "application/csp-report" },
      data: JSON.stringify({ "csp-report": { "document-uri": "x".repeat(17 * 1024) } }),
    });
    expect(big.status()).toBe(413);
  });
});

test.describe("origin check", () => {
  // No route handler accepts browser mutations yet (sign-in goes through a server
  // action, which Next origin-checks itself; csp-report opts out on purpose).
  // checkOrigin and route()'s default policy are covered by unit tests meanwhile.
  test.skip("a cross-origin POST to a mutating route is refused", async ({ request }) => {
    const res = await request.post("/api/REPLACE-WITH-A-MUTATING-ROUTE", { headers: { origin: "https://evil.example" }, data: {} });
    expect(res.status()).toBe(403);
    expect(await res.json()).toEqual({ error: "bad_origin" });
  });
});
