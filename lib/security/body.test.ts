import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseJsonBody, readBodyLimited } from "./body";

const URL_ = "https://app.sotto.test/api/x";
const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(URL_, { method: "POST", body, headers, duplex: "half" } as RequestInit);

/** A body that arrives in pieces with no Content-Length, like chunked uploads. */
function chunked(parts: string[], onPull?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (i < parts.length) controller.enqueue(new TextEncoder().encode(parts[i++]));
      else controller.close();
    },
  });
}

describe("readBodyLimited", () => {
  it("accepts a body of exactly the limit", async () => {
    const r = await readBodyLimited(post("a".repeat(16)), 16);
    expect(r.ok && r.raw.toString()).toBe("a".repeat(16));
  });

  it("refuses limit + 1 bytes even when Content-Length claims less", async () => {
    const r = await readBodyLimited(post("a".repeat(17), { "content-length": "3" }), 16);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.response.status).toBe(413);
      expect(await r.response.json()).toMatchObject({ error: "payload_too_large", details: { maxBytes: 16 } });
    }
  });

  it("refuses early on a declared Content-Length over the limit without reading", async () => {
    let pulls = 0;
    const r = await readBodyLimited(post(chunked(["tiny"], () => pulls++), { "content-length": "1000000" }), 16);
    expect(!r.ok && r.response.status).toBe(413);
    expect(pulls).toBeLessThanOrEqual(1); // at most the stream's eager first pull
  });

  it("stops reading a chunked stream once past the limit", async () => {
    let pulls = 0;
    const parts = Array.from({ length: 100 }, () => "x".repeat(10));
    const r = await readBodyLimited(post(chunked(parts, () => pulls++)), 25);
    expect(!r.ok && r.response.status).toBe(413);
    expect(pulls).toBeLessThan(10);
  });

  it("returns an empty buffer for no body", async () => {
    const r = await readBodyLimited(post(null), 16);
    expect(r.ok && r.raw.length).toBe(0);
  });
});

describe("parseJsonBody", () => {
  const ZThing = z.object({ name: z.string().min(1), count: z.number().int() });
  const json = (body: string, type = "application/json") => post(body, { "content-type": type });

  it("parses a valid body and keeps the raw bytes", async () => {
    const body = JSON.stringify({ name: "a", count: 2 });
    const r = await parseJsonBody(json(body, "application/json; charset=utf-8"), ZThing, { maxBytes: 1024 });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data).toEqual({ name: "a", count: 2 });
      expect(r.raw.toString()).toBe(body);
    }
  });

  it("answers 400 for malformed JSON", async () => {
    const r = await parseJsonBody(json("{ nope"), ZThing, { maxBytes: 1024 });
    expect(!r.ok && r.response.status).toBe(400);
    if (!r.ok) expect(await r.response.json()).toMatchObject({ error: "invalid_json" });
  });

  it("answers 400 for invalid UTF-8", async () => {
    const r = await parseJsonBody(post(new Uint8Array([0x22, 0xff, 0x22]), { "content-type": "application/json" }), ZThing, { maxBytes: 1024 });
    expect(!r.ok && r.response.status).toBe(400);
  });

  it("answers 400 with flattened issues for the wrong shape", async () => {
    const r = await parseJsonBody(json(JSON.stringify({ name: "", count: 1.5 })), ZThing, { maxBytes: 1024 });
    expect(!r.ok && r.response.status).toBe(400);
    if (!r.ok) {
      const body = await r.response.json();
      expect(body.error).toBe("invalid_body");
      expect(Object.keys(body.details.fieldErrors).sort()).toEqual(["count", "name"]);
    }
  });

  it("answers 415 for a wrong or missing content type", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
      const r = await parseJsonBody(json("{}", type), ZThing, { maxBytes: 1024 });
      expect(!r.ok && r.response.status).toBe(415);
    }
  });

  it("accepts the content types it is told to", async () => {
    const r = await parseJsonBody(json('{"name":"a","count":1}', "application/csp-report"), ZThing, { maxBytes: 1024, contentTypes: ["application/csp-report"] });
    expect(r.ok).toBe(true);
  });

  it("answers 413 for a body over the limit", async () => {
    const r = await parseJsonBody(json(JSON.stringify({ name: "x".repeat(100), count: 1 })), ZThing, { maxBytes: 64 });
    expect(!r.ok && r.response.status).toBe(413);
  });
});
