import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as frameGET } from "@/app/widget/frame/route";
import { asOwner, closeTestConnections, createTenantFixture, randomId } from "@/lib/testing/db";
import { generateWidgetKey } from "./settings";

/** The chat frame's HTML shell and its framing policy, through the route handler. */
const SITE = "https://shop.example.com";
let key = "";
let inactiveKey = "";

async function channel(tenantId: string, status: string, settings: Record<string, unknown>): Promise<string> {
  const k = generateWidgetKey();
  await asOwner({ tenantId }, (c) =>
    c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, status, "externalId", settings, "updatedAt") VALUES ($1, $2, 'widget', 'Website', $3, $4, $5::jsonb, now())`, [
      randomId("ch"),
      tenantId,
      status,
      k,
      JSON.stringify(settings),
    ]),
  );
  return k;
}

const get = (query: string) => frameGET(new Request(`http://localhost:3000/widget/frame?${query}`));
const config = (html: string) => JSON.parse(/<script id="sotto-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!);

beforeAll(async () => {
  const t = await createTenantFixture("Frame");
  key = await channel(t.tenantId, "active", {
    allowedOrigins: [SITE, "https://other.example.com"],
    title: "Acme </title><script>alert(1)</script>",
    greeting: "Hi </script><script>alert(2)</script> \u2028 & <b>bold</b>",
    brandColor: "#0a7f5c",
  });
  inactiveKey = await channel(t.tenantId, "disconnected", { allowedOrigins: [SITE] });
});

afterAll(closeTestConnections);

describe("GET /widget/frame", () => {
  it("serves the shell to an allowed site, frameable by exactly that site", async () => {
    const res = await get(`key=${key}&origin=${encodeURIComponent(SITE)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain(`frame-ancestors ${SITE};`);
    expect(csp).not.toContain("other.example.com");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("hands the settings over as inert JSON that no text can break out of", async () => {
    const html = await (await get(`key=${key}&origin=${encodeURIComponent(SITE)}`)).text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("<title>Acme &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    const c = config(html);
    expect(c).toMatchObject({ key, hostOrigin: SITE, settings: { brandColor: "#0a7f5c", brandText: "#ffffff", open: true } });
    expect(c.settings.greeting).toBe("Hi </script><script>alert(2)</script> \u2028 & <b>bold</b>");
    // Only the public subset of the settings reaches the browser.
    expect(Object.keys(c.settings)).not.toContain("allowedOrigins");
    expect(html).toMatch(/<script src="\/widget-frame\.js(\?v=[0-9a-f]+)?" defer><\/script>/);
  });

  it("refuses unknown, malformed and inactive keys, and sites that are not allowed, unframeably", async () => {
    for (const [query, status] of [
      [`key=${generateWidgetKey()}&origin=${encodeURIComponent(SITE)}`, 404],
      [`key=nope&origin=${encodeURIComponent(SITE)}`, 404],
      [`key=${inactiveKey}&origin=${encodeURIComponent(SITE)}`, 404],
      [`key=${key}&origin=${encodeURIComponent("https://evil.example")}`, 403],
      [`key=${key}&origin=${encodeURIComponent("https://evil-shop.example.com")}`, 403],
      [`key=${key}&origin=${encodeURIComponent(`${SITE}/path`)}`, 403],
      [`key=${key}`, 403],
    ] as const) {
      const res = await get(query);
      expect(res.status, query).toBe(status);
      expect(res.headers.get("content-security-policy"), query).toContain("frame-ancestors 'none'");
      expect(await res.text()).not.toContain("sotto-config");
    }
  });
});
