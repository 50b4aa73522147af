import "server-only";
import { now } from "@/lib/clock";
import { withTenant } from "@/lib/db/client";
import { requestContextFrom } from "@/lib/http/request-context";
import { recordAudit } from "./record";

type TExporter = { user: { id: string; email: string | null }; tenant: { id: string; slug: string } };

/**
 * Audits a dashboard export (`data.exported`) before any data leaves: an
 * interrupted download still counts as an export.
 */
export async function recordExport(
  request: Request,
  { user, tenant }: TExporter,
  target: { type: string; /** The workspace's own id when the export is of a whole log. */ id?: string },
  metadata: Record<string, unknown>,
): Promise<void> {
  const reqCtx = requestContextFrom(request.headers);
  await withTenant(tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: tenant.id,
      action: "data.exported",
      actor: { userId: user.id, email: user.email },
      target: { type: target.type, id: target.id ?? tenant.id },
      metadata,
      context: { requestId: reqCtx.requestId, ipPrefix: reqCtx.ipPrefix },
    }),
  );
}

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;

/** The download itself: `<name>-<workspace>-<day>.<format>`, never cached, never sniffed. */
export function exportResponse(body: BodyInit, { name, tenantSlug, format }: { name: string; tenantSlug: string; format: keyof typeof CONTENT_TYPES }): Response {
  const fileName = `${name}-${tenantSlug.replace(/[^a-z0-9-]/gi, "")}-${now().toISOString().slice(0, 10)}.${format}`;
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
