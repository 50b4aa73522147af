import { describe, expect, it } from "vitest";
import { checkOrigin, enforceOriginPolicy } from "./origin";

const APP = "https://app.sotto.test";
const req = (headers: Record<string, string>, method = "POST") => new Request(`${APP}/api/thing`, { method, headers });

async function expectRefused(res: Response | null) {
  expect(res?.status).toBe(403);
  expect(await res!.json()).toEqual({ error: "bad_origin" });
}

describe("checkOrigin", () => {
  it("accepts a matching Origin", () => {
    expect(checkOrigin(req({ origin: APP }), [APP])).toBeNull();
    expect(checkOrigin(req({ origin: APP }), [`${APP}/some/path`])).toBeNull();
  });

  it("refuses a cross-origin request", async () => {
    await expectRefused(checkOrigin(req({ origin: "https://evil.example" }), [APP]));
    await expectRefused(checkOrigin(req({ origin: "https://app.sotto.test.evil.example" }), [APP]));
    await expectRefused(checkOrigin(req({ origin: "http://app.sotto.test" }), [APP]));
    await expectRefused(checkOrigin(req({ origin: "null" }), [APP]));
  });

  it("lets a present Origin win over same-origin fetch metadata", async () => {
    await expectRefused(checkOrigin(req({ origin: "https://evil.example", "sec-fetch-site": "same-origin" }), [APP]));
  });

  it("accepts a missing Origin with Sec-Fetch-Site: same-origin", () => {
    expect(checkOrigin(req({ "sec-fetch-site": "same-origin" }), [APP])).toBeNull();
  });

  it("refuses same-site and cross-site fetch metadata", async () => {
    await expectRefused(checkOrigin(req({ "sec-fetch-site": "same-site" }), [APP]));
    await expectRefused(checkOrigin(req({ "sec-fetch-site": "cross-site", referer: `${APP}/x` }), [APP]));
  });

  it("falls back to the Referer's origin", async () => {
    expect(checkOrigin(req({ referer: `${APP}/settings?tab=1` }), [APP])).toBeNull();
    await expectRefused(checkOrigin(req({ referer: "https://evil.example/" }), [APP]));
  });

  it("refuses a request with no provenance at all", async () => {
    await expectRefused(checkOrigin(req({}), [APP]));
  });
});

describe("enforceOriginPolicy", () => {
  it("lets safe methods through", () => {
    expect(enforceOriginPolicy(req({ origin: "https://evil.example" }, "GET"))).toBeNull();
  });
  it("checks mutating methods by default", async () => {
    for (const m of ["POST", "PUT", "PATCH", "DELETE"]) {
      await expectRefused(enforceOriginPolicy(req({ origin: "https://evil.example" }, m), { allowed: [APP] }));
    }
  });
  it("skips only with a named reason", () => {
    expect(enforceOriginPolicy(req({}), { skip: "signature-verified-webhook" })).toBeNull();
  });
});
