import { afterEach, describe, expect, it, vi } from "vitest";
import { notFound } from "next/navigation";
import { jsonError, route } from "./errors";

vi.mock("@/lib/env", () => ({ env: { LOG_LEVEL: "debug", APP_URL: "https://app.sotto.test" } }));

afterEach(() => vi.restoreAllMocks());

const req = (method: string, headers: Record<string, string> = {}) =>
  new Request("https://app.sotto.test/api/thing?token=abc", { method, headers: { "x-request-id": "req-12345678", ...headers } });

describe("jsonError", () => {
  it("builds the standard error body", async () => {
    const res = jsonError(404, "not_found", "No such thing", { id: "x" });
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: "not_found", message: "No such thing", details: { id: "x" } });
    expect(await jsonError(400, "bad").json()).toEqual({ error: "bad" });
  });
});

describe("route", () => {
  it("passes through the handler's response", async () => {
    const handler = route(async () => Response.json({ ok: true }));
    const res = await handler(req("GET"), {});
    expect(await res.json()).toEqual({ ok: true });
  });

  it("turns unexpected errors into a generic 500 with the request id, logged without the query", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const handler = route(async () => {
      throw new Error("db password=hunter2 leaked in message");
    });
    const res = await handler(req("GET"), {});
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: "internal_error", requestId: "req-12345678" });
    expect(JSON.stringify(body)).not.toContain("hunter2");
    const line = JSON.parse(String(logged.mock.calls[0]![0]));
    expect(line).toMatchObject({ level: "error", requestId: "req-12345678", path: "/api/thing" });
    expect(line.err.stack).toContain("errors.test.ts");
    expect(JSON.stringify(line)).not.toContain("token=abc");
  });

  it("lets Next's control-flow errors propagate", async () => {
    const handler = route(async () => notFound());
    await expect(handler(req("GET"), {})).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_HTTP_ERROR_FALLBACK") });
  });

  it("refuses cross-origin mutations before running the handler", async () => {
    const inner = vi.fn(async () => new Response("ran"));
    const res = await route(inner)(req("POST", { origin: "https://evil.example" }), {});
    expect(res.status).toBe(403);
    expect(inner).not.toHaveBeenCalled();
    expect((await route(inner)(req("POST", { origin: "https://app.sotto.test" }), {})).status).toBe(200);
  });

  it("runs opted-out routes for any origin", async () => {
    const res = await route(async () => new Response(null, { status: 204 }), { origin: { skip: "signature-verified-webhook" } })(req("POST", { origin: "https://provider.example" }), {});
    expect(res.status).toBe(204);
  });
});
