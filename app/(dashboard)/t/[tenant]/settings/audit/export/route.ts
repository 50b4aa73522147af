import { requireMember } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db/client";
import { auditCsvStream } from "@/lib/audit/export";
import { firstValues, ZAuditFilters } from "@/lib/audit/query";
import { recordAudit } from "@/lib/audit/record";
import { jsonError, route } from "@/lib/http/errors";
import { requestContextFrom } from "@/lib/http/request-context";

/** CSV download of the audit log with the page's filters (admins only). */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string }> }) => {
  const { tenant: slug } = await ctx.params;
  const { user, tenant } = await requireMember(slug, "admin");
  const raw = firstValues(Object.fromEntries(new URL(request.url).searchParams));
  const parsed = ZAuditFilters.safeParse({ ...raw, cursor: undefined, pageSize: undefined });
  if (!parsed.success) return jsonError(400, "invalid_filters", "The audit filters are not valid.");
  const { pageSize: _pageSize, cursor: _cursor, ...filters } = parsed.data;

  const reqCtx = requestContextFrom(request.headers);
  // Recorded before any data leaves: an interrupted download still counts as an export.
  await withTenant(tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: tenant.id,
      action: "data.exported",
      actor: { userId: user.id, email: user.email },
      target: { type: "AuditLog", id: tenant.id },
      metadata: { format: "csv", filters },
      context: { requestId: reqCtx.requestId, ipPrefix: reqCtx.ipPrefix },
    }),
  );

  const day = new Date().toISOString().slice(0, 10);
  return new Response(auditCsvStream(tenant.id, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${tenant.slug.replace(/[^a-z0-9-]/gi, "")}-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
