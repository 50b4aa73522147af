import { requireMember } from "@/lib/auth/guard";
import { exportResponse, recordExport } from "@/lib/audit/export-download";
import { jsonError, route } from "@/lib/http/errors";
import { recordsCsv, recordsOfProcessing } from "@/lib/privacy/processing";

/** CSV or JSON download of the records of processing (admins only, audited). */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string }> }) => {
  const { tenant: slug } = await ctx.params;
  const member = await requireMember(slug, "admin");
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "json") return jsonError(400, "invalid_format", "Use format=csv or format=json.");
  const records = await recordsOfProcessing(member.tenant.id);
  await recordExport(request, member, { type: "RecordsOfProcessing" }, { format });
  const body = format === "csv" ? recordsCsv(records.activities) : JSON.stringify(records, null, 2);
  return exportResponse(body, { name: "records-of-processing", tenantSlug: member.tenant.slug, format });
});
