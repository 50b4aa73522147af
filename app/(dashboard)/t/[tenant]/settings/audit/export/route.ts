import { requireMember } from "@/lib/auth/guard";
import { auditCsvStream } from "@/lib/audit/export";
import { exportResponse, recordExport } from "@/lib/audit/export-download";
import { firstValues, ZAuditFilters } from "@/lib/audit/query";
import { jsonError, route } from "@/lib/http/errors";

/** CSV download of the audit log with the page's filters (admins only). */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string }> }) => {
  const { tenant: slug } = await ctx.params;
  const member = await requireMember(slug, "admin");
  const raw = firstValues(Object.fromEntries(new URL(request.url).searchParams));
  const parsed = ZAuditFilters.safeParse({ ...raw, cursor: undefined, pageSize: undefined });
  if (!parsed.success) return jsonError(400, "invalid_filters", "The audit filters are not valid.");
  const { pageSize: _pageSize, cursor: _cursor, ...filters } = parsed.data;
  await recordExport(request, member, { type: "AuditLog" }, { format: "csv", filters });
  return exportResponse(auditCsvStream(member.tenant.id, filters), { name: "audit", tenantSlug: member.tenant.slug, format: "csv" });
});
