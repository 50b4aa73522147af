import { describe, expect, it } from "vitest";
import { buildCsp, CSP_REPORT_PATH, generateNonce, STATIC_SECURITY_HEADERS } from "./headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
}

describe("generateNonce", () => {
  it("is base64 of 16 random bytes and differs per call", () => {
    const a = generateNonce();
    const b = generateNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(a).not.toBe(b);
  });
});

describe("buildCsp", () => {
  const nonce = generateNonce();
  const prod = directives(buildCsp({ nonce, dev: false }));

  it("allows scripts by nonce and strict-dynamic only", () => {
    const scriptSrc = prod.get("script-src")!;
    expect(scriptSrc).toContain(`'nonce-${nonce}'`);
    expect(scriptSrc).toContain("'strict-dynamic'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
  });

  it("forbids framing, plugins and base-uri hijacking", () => {
    expect(prod.get("frame-ancestors")).toEqual(["'none'"]);
    expect(prod.get("object-src")).toEqual(["'none'"]);
    expect(prod.get("base-uri")).toEqual(["'self'"]);
    expect(prod.has("upgrade-insecure-requests")).toBe(true);
  });

  it("reports violations to our endpoint", () => {
    expect(prod.get("report-uri")).toEqual([CSP_REPORT_PATH]);
    expect(prod.get("report-to")).toEqual(["csp-endpoint"]);
    expect(STATIC_SECURITY_HEADERS["Reporting-Endpoints"]).toBe(`csp-endpoint="${CSP_REPORT_PATH}"`);
  });

  it("adds eval only in development", () => {
    expect(directives(buildCsp({ nonce, dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("gives two requests two different nonces", () => {
    const n1 = /'nonce-([^']+)'/.exec(buildCsp({ nonce: generateNonce(), dev: false }))![1];
    const n2 = /'nonce-([^']+)'/.exec(buildCsp({ nonce: generateNonce(), dev: false }))![1];
    expect(n1).not.toBe(n2);
  });
});

describe("STATIC_SECURITY_HEADERS", () => {
  it("carries the baseline headers", () => {
    expect(STATIC_SECURITY_HEADERS["Strict-Transport-Security"]).toMatch(/max-age=\d{8,}; includeSubDomains/);
    expect(STATIC_SECURITY_HEADERS["X-Frame-Options"]).toBe("DENY");
    expect(STATIC_SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
    expect(STATIC_SECURITY_HEADERS["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(STATIC_SECURITY_HEADERS["Permissions-Policy"]).toContain("camera=()");
  });
});
