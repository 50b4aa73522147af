import { requireMember } from "@/lib/auth/guard";
import { exportResponse, recordExport } from "@/lib/audit/export-download";
import { consentCsvStream } from "@/lib/consent/export";
import { parseConsentLogFilters } from "@/lib/consent/query";
import { jsonError, route } from "@/lib/http/errors";

/** CSV of the consent log with the page's filters; every export is audited before data leaves. */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string }> }) => {
  const { tenant: slug } = await ctx.params;
  const member = await requireMember(slug, "analyst");
  const { filters, invalid } = parseConsentLogFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (invalid.length) return jsonError(400, "invalid_filters", "The consent log filters are not valid.", { invalid });
  const { before: _before, ...rest } = filters;
  await recordExport(request, member, { type: "ConsentLog" }, { format: "csv", filters: rest });
  return exportResponse(consentCsvStream(member.tenant.id, rest), { name: "consent", tenantSlug: member.tenant.slug, format: "csv" });
});
