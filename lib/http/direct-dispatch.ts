import type { IncomingMessage, ServerResponse } from "node:http";
import { jsonError } from "@/lib/http/errors";
import { log } from "@/lib/log";
import { attachRawBody, declaresMoreThan } from "@/lib/security/body";
import { MACHINE_ROUTE_HEADERS } from "@/lib/security/headers";

/**
 * Serving route handlers straight from a node:http server, for the few routes
 * listed in lib/http/direct-routes.ts (which says why). The body is read off
 * the socket up to the route's limit, a Web Request is built around it, and
 * the handler's Response is written back with the static security headers of
 * machine routes.
 */
export type TDirectHandler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type TDirectRoute = {
  /**
   * The Request they get has no body stream: they read the bytes with
   * readBodyLimited (lib/security/body.ts), as both provider webhooks do. A
   * handler reading request.text() instead would see an empty body, so only
   * signature-verified routes belong here (they fail closed: the HMAC of
   * nothing does not match).
   */
  handlers: Readonly<Partial<Record<string, TDirectHandler>>>;
  /** The handler's own body limit: more than this is never buffered (the handler answers 413). */
  maxBodyBytes: number;
};
export type TDirectRoutes = Readonly<Record<string, TDirectRoute>>;

/** Returns true when it took the request (and will answer it), false to leave it to Next. */
export type TDirectDispatcher = (req: IncomingMessage, res: ServerResponse) => boolean;

const NO_PARAMS = { params: Promise.resolve({}) };

function pathnameOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The body as bytes, read with Node's stream events rather than through a Web
 * stream (fewer promises per delivery). Past `maxBytes` it stops reading and
 * returns what it has, which is then over the handler's limit: the handler
 * answers 413 as it would for a streamed body, and the connection is closed
 * (closeIfBodyUnread). null when the client went away mid-body.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (value: Buffer | null) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onError);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total > maxBytes) {
        req.pause();
        finish(Buffer.concat(chunks, total));
      }
    };
    const onEnd = () => finish(Buffer.concat(chunks, total));
    const onError = () => finish(null);
    // "close" before "end": the client went away mid-body.
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onError);
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

async function toRequest(req: IncomingMessage, route: TDirectRoute, base: string): Promise<Request | null> {
  const url = new URL(req.url ?? "/", base);
  const headers = headersOf(req);
  if (req.method === "GET" || req.method === "HEAD") return new Request(url, { method: req.method, headers });
  // Declared too large: nothing is read, the handler refuses it from the header alone.
  if (declaresMoreThan(req.headers["content-length"], route.maxBodyBytes)) return new Request(url, { method: req.method, headers });
  const raw = await readBody(req, route.maxBodyBytes);
  if (!raw) return null;
  // No Web stream around the bytes (a tenth of the dispatch cost): the handler reads them with readBodyLimited.
  return attachRawBody(new Request(url, { method: req.method, headers }), raw);
}

/**
 * A handler may answer without the whole body having been read (413, an
 * early refusal). The rest of that body is still on the connection, so the
 * next request on a kept-alive connection would never be parsed: such a
 * connection is closed after the answer instead.
 */
function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (!req.complete) res.setHeader("Connection", "close");
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  for (const { key, value } of MACHINE_ROUTE_HEADERS) res.setHeader(key, value);
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  // Webhook answers are a few bytes of JSON or text; nothing here streams.
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  closeIfBodyUnread(req, res);
  res.end(body);
}

function fail(req: IncomingMessage, res: ServerResponse, error: unknown, path: string): void {
  log.error("direct route failed", { path, err: error });
  if (res.headersSent) return void res.destroy();
  writeResponse(req, res, jsonError(500, "internal_error")).catch(() => res.destroy());
}

async function serve(req: IncomingMessage, res: ServerResponse, route: TDirectRoute, handler: TDirectHandler, path: string, base: string): Promise<void> {
  try {
    const request = await toRequest(req, route, base);
    // The client went away mid-body: nobody is left to answer.
    if (!request) return void res.destroy();
    await writeResponse(req, res, await handler(request, NO_PARAMS));
  } catch (error) {
    fail(req, res, error, path);
  }
}

/**
 * A dispatcher for `routes`: exact paths (no trailing slash, any query string)
 * and the methods each one exports. Anything else, including other methods on
 * those paths (HEAD, OPTIONS, a 405), is left to Next so its answers stay the same.
 */
export function createDirectDispatcher(routes: TDirectRoutes, base = "http://localhost"): TDirectDispatcher {
  return (req, res) => {
    const path = pathnameOf(req.url ?? "");
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    const handler = route && Object.hasOwn(route.handlers, req.method ?? "") ? route.handlers[req.method ?? ""] : undefined;
    if (!route || !handler) return false;
    void serve(req, res, route, handler, path, base);
    return true;
  };
}
