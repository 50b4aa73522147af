import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBodyLimited } from "@/lib/security/body";
import { MACHINE_ROUTE_HEADERS } from "@/lib/security/headers";
import { createDirectDispatcher, type TDirectHandler } from "./direct-dispatch";

/** What the handler saw, for the assertions. */
let seen: { method: string; url: string; headers: Headers; body: string } | null = null;

const echo: TDirectHandler = async (request) => {
  const body = await readBodyLimited(request, 1024 * 1024);
  seen = { method: request.method, url: request.url, headers: request.headers, body: body.ok ? body.raw.toString("utf8") : `refused ${body.response.status}` };
  const headers = new Headers({ "Content-Type": "application/json", "Cache-Control": "no-store", "X-Route": "echo" });
  headers.append("Set-Cookie", "a=1; Path=/");
  headers.append("Set-Cookie", "b=2; Path=/");
  return new Response(JSON.stringify({ ok: true, bytes: seen.body.length }), { status: 201, headers });
};

const limited: TDirectHandler = async (request) => {
  limitedCalls++;
  const body = await readBodyLimited(request, 1024);
  return body.ok ? Response.json({ bytes: body.raw.length }) : body.response;
};

let limitedCalls = 0;
const broken: TDirectHandler = async () => {
  throw new Error("boom with an internal detail");
};

let server: http.Server;
let base: string;
let fallbackHits = 0;

beforeAll(async () => {
  const dispatch = createDirectDispatcher({
    "/hook": { handlers: { POST: echo, GET: echo }, maxBodyBytes: 1024 * 1024 },
    "/limited": { handlers: { POST: limited }, maxBodyBytes: 1024 },
    "/broken": { handlers: { POST: broken }, maxBodyBytes: 1024 },
  });
  server = http.createServer((req, res) => {
    if (dispatch(req, res)) return;
    // Stands in for Next's request handler.
    fallbackHits++;
    res.writeHead(299, { "content-type": "text/plain" }).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createDirectDispatcher", () => {
  it("hands the handler the method, path, query string, headers and exact body bytes", async () => {
    const body = JSON.stringify({ text: "مرحبا 👋 ciao", n: 1 });
    const res = await fetch(`${base}/hook?hub.mode=subscribe&x=%20y`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hub-Signature-256": "sha256=abc", "X-Multi": "one" },
      body,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ ok: true, bytes: body.length });
    expect(seen?.method).toBe("POST");
    const url = new URL(seen!.url);
    expect(url.pathname).toBe("/hook");
    expect(url.searchParams.get("hub.mode")).toBe("subscribe");
    expect(url.searchParams.get("x")).toBe(" y");
    expect(seen?.headers.get("x-hub-signature-256")).toBe("sha256=abc");
    expect(seen?.body).toBe(body);
  });

  it("writes the handler's status and headers (each Set-Cookie kept) over the static security headers", async () => {
    const res = await fetch(`${base}/hook`, { method: "POST", body: "x" });
    for (const { key, value } of MACHINE_ROUTE_HEADERS) {
      if (key.toLowerCase() !== "cache-control") expect(res.headers.get(key)).toBe(value);
    }
    expect(res.headers.get("x-route")).toBe("echo");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("serves GET without a body", async () => {
    const res = await fetch(`${base}/hook?hub.challenge=1`);
    expect(res.status).toBe(201);
    expect(seen?.method).toBe("GET");
    expect(seen?.body).toBe("");
  });

  it("leaves other paths, other methods and near-miss paths to Next", async () => {
    const before = fallbackHits;
    for (const [method, path] of [
      ["POST", "/other"],
      ["PUT", "/hook"],
      ["HEAD", "/hook"],
      ["POST", "/hook/"],
      ["POST", "/hook/extra"],
      ["POST", "/HOOK"],
      ["POST", "/constructor"],
      ["POST", "/__proto__"],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method, ...(method === "POST" || method === "PUT" ? { body: "x" } : {}) });
      expect(res.status, `${method} ${path}`).toBe(299);
    }
    expect(fallbackHits - before).toBe(8);
  });

  it("reads no more than the route's limit, so the handler answers 413 without the rest being buffered", async () => {
    const ok = await fetch(`${base}/limited`, { method: "POST", body: "a".repeat(1024) });
    expect(await ok.json()).toEqual({ bytes: 1024 });
    // Chunked (no Content-Length): the limit is enforced while reading.
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new Uint8Array(1024).fill(97));
        controller.close();
      },
    });
    const res = await fetch(`${base}/limited`, { method: "POST", body: big, duplex: "half" } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe("payload_too_large");
    // Declared too large: refused from the header, before any byte is read.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/limited`, { method: "POST", headers: { "content-length": 10 * 1024 * 1024 } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("a".repeat(100));
    });
    expect(declared).toBe(413);
  });

  it("answers a generic 500 with the security headers when a handler throws, and keeps serving", async () => {
    const res = await fetch(`${base}/broken`, { method: "POST", body: "x" });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: "internal_error" });
    expect(text).not.toContain("internal detail");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect((await fetch(`${base}/hook`, { method: "POST", body: "y" })).status).toBe(201);
  });
});

describe("connections after an answer", () => {
  it("close when body bytes are left unread, instead of stalling the next request on the same connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (path: string, body: string) =>
      new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        const req = http.request(`${base}${path}`, { method: "POST", agent, headers: { "content-length": Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
        });
        req.setTimeout(3000, () => req.destroy(new Error(`${path} timed out`)));
        req.on("error", reject);
        req.end(body);
      });
    try {
      // Over the limit: answered, and the connection with the rest of the body on it closed.
      expect(await post("/limited", "a".repeat(64 * 1024))).toEqual({ status: 413, connection: "close" });
      expect(await post("/hook", "after 413")).toMatchObject({ status: 201 });
      // A body within the limit is read before the handler runs, even one that fails.
      expect(await post("/broken", "read, then failed")).toEqual({ status: 500, connection: "keep-alive" });
      expect(await post("/hook", "after 500")).toMatchObject({ status: 201 });
      // A handler that read everything keeps the connection.
      expect(await post("/hook", "read")).toEqual({ status: 201, connection: "keep-alive" });
      expect(seen?.body).toBe("read");
    } finally {
      agent.destroy();
    }
  });
});

describe("a client that goes away mid-body", () => {
  it("never reaches the handler, and the server keeps serving", async () => {
    const before = limitedCalls;
    await new Promise<void>((resolve) => {
      const req = http.request(`${base}/limited`, { method: "POST", headers: { "content-length": 1000 } });
      req.on("error", () => resolve());
      req.write("a".repeat(10), () => setTimeout(() => req.destroy(), 50));
      req.on("close", () => resolve());
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(limitedCalls).toBe(before);
    expect((await fetch(`${base}/hook`, { method: "POST", body: "still here" })).status).toBe(201);
  });
});
