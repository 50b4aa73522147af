import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { log } from "@/lib/log";
import { MACHINE_ROUTE_HEADERS } from "@/lib/security/headers";

/**
 * Serving route handlers straight from a node:http server, for the few routes
 * listed in lib/http/direct-routes.ts (which says why). A Web Request is built
 * from the incoming message (body streamed), the handler's Response is written
 * back with the static security headers of machine routes.
 */
export type TDirectHandler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type TDirectRoutes = Readonly<Record<string, Readonly<Partial<Record<string, TDirectHandler>>>>>;

/** Returns true when it took the request (and will answer it), false to leave it to Next. */
export type TDirectDispatcher = (req: IncomingMessage, res: ServerResponse) => boolean;

const NO_PARAMS = { params: Promise.resolve({}) };

function pathnameOf(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // The body stays a stream: each handler enforces its own size limit while reading (lib/security/body.ts).
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

/**
 * A handler may answer without reading the whole body (413, 401 before
 * parsing, 503). The rest of that body is still on the connection, and a body
 * handed to a Web stream is not drained by Node, so the next request on a
 * kept-alive connection would never be parsed: such a connection is closed
 * after the answer instead.
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
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  for (const { key, value } of MACHINE_ROUTE_HEADERS) res.setHeader(key, value);
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  closeIfBodyUnread(req, res);
  res.end(JSON.stringify({ error: "internal_error" }));
}

/**
 * A dispatcher for `routes`: exact paths (no trailing slash, any query string)
 * and the methods each one exports. Anything else, including other methods on
 * those paths (HEAD, OPTIONS, a 405), is left to Next so its answers stay the same.
 */
export function createDirectDispatcher(routes: TDirectRoutes, base = "http://localhost"): TDirectDispatcher {
  return (req, res) => {
    const path = pathnameOf(req.url ?? "");
    const handler = Object.hasOwn(routes, path) ? routes[path]![req.method ?? ""] : undefined;
    if (!handler) return false;
    let request: Request;
    try {
      request = toRequest(req, base);
    } catch (error) {
      fail(req, res, error, path);
      return true;
    }
    handler(request, NO_PARAMS)
      .then((response) => writeResponse(req, res, response))
      .catch((error: unknown) => fail(req, res, error, path));
    return true;
  };
}
