import { unstable_rethrow } from "next/navigation";
import { log } from "@/lib/log";
import { enforceOriginPolicy, type TOriginPolicy } from "@/lib/security/origin";

/**
 * Error responses for route handlers. One JSON shape everywhere, `no-store`
 * because error bodies can describe the caller's own request.
 */
export function jsonError(status: number, code: string, message?: string, details?: unknown, init?: { headers?: HeadersInit }): Response {
  const headers = new Headers(init?.headers);
  headers.set("Cache-Control", "no-store");
  const body: Record<string, unknown> = { error: code };
  if (message !== undefined) body.message = message;
  if (details !== undefined) body.details = details;
  return Response.json(body, { status, headers });
}

export type TRouteOptions = {
  /**
   * Mutating requests (POST/PUT/PATCH/DELETE) must come from APP_URL by default.
   * Opting out requires a named reason: `{ skip: "signature-verified-webhook" }`.
   */
  origin?: TOriginPolicy;
};

/**
 * Wraps a route handler: origin check for mutating methods, then the handler;
 * anything it throws is logged with the request id and answered with a generic
 * 500, so stacks and internal messages never reach clients.
 */
export function route<R extends Request, C>(
  handler: (request: R, ctx: C) => Response | Promise<Response>,
  options: TRouteOptions = {},
): (request: R, ctx: C) => Promise<Response> {
  return async (request, ctx) => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    try {
      const refused = enforceOriginPolicy(request, options.origin);
      if (refused) return refused;
      return await handler(request, ctx);
    } catch (err) {
      // Next's control-flow errors (redirect(), notFound(), forbidden()) must propagate.
      unstable_rethrow(err);
      log.error("route handler failed", { requestId, method: request.method, path: pathOf(request.url), err });
      return Response.json({ error: "internal_error", requestId }, { status: 500, headers: { "Cache-Control": "no-store", "x-request-id": requestId } });
    }
  };
}

/** Query strings can carry tokens and personal data; logs get the path only. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}
