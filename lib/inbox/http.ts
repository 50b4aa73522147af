import "server-only";
import { requireMember, type TMemberContext } from "@/lib/auth/guard";
import { withTenant, type TTx } from "@/lib/db/client";
import { requestNow } from "@/lib/clock";
import { jsonError } from "@/lib/http/errors";
import { ZEntityId } from "./filters";

/**
 * The inbox's read endpoints (TanStack Query fetches them): member check by
 * slug (404 for foreign workspaces), one tenant transaction, private no-store
 * JSON. Analysts may read everything the inbox shows.
 */
export type TInboxReadCtx = { member: TMemberContext; tx: TTx; at: Date; url: URL };

export async function inboxRead<T>(request: Request, slug: string, work: (ctx: TInboxReadCtx) => Promise<T | null>): Promise<Response> {
  const member = await requireMember(slug, "analyst");
  const at = await requestNow();
  const url = new URL(request.url);
  const data = await withTenant(member.tenant.id, (tx) => work({ member, tx, at, url }));
  if (data === null) return jsonError(404, "not_found");
  return Response.json(data, { headers: { "Cache-Control": "private, no-store" } });
}

/** A path id, or null when malformed (answered as 404 like a missing row). */
export function pathId(value: string): string | null {
  return ZEntityId.safeParse(value).success ? value : null;
}
