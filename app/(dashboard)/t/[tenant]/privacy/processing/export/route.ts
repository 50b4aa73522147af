import { requireMember } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { recordAudit } from "@/lib/audit/record";
import { jsonError, route } from "@/lib/http/errors";
import { requestContextFrom } from "@/lib/http/request-context";
import { recordsCsv, recordsOfProcessing } from "@/lib/privacy/processing";

/** CSV or JSON download of the records of processing (admins only, audited). */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string }> }) => {
  const { tenant: slug } = await ctx.params;
  const { user, tenant } = await requireMember(slug, "admin");
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "json") return jsonError(400, "invalid_format", "Use format=csv or format=json.");
  const records = await recordsOfProcessing(tenant.id);
  const reqCtx = requestContextFrom(request.headers);
  await withTenant(tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: tenant.id,
      action: "data.exported",
      actor: { userId: user.id, email: user.email },
      target: { type: "RecordsOfProcessing", id: tenant.id },
      metadata: { format },
      context: { requestId: reqCtx.requestId, ipPrefix: reqCtx.ipPrefix },
    }),
  );
  const name = `records-of-processing-${tenant.slug.replace(/[^a-z0-9-]/gi, "")}-${now().toISOString().slice(0, 10)}.${format}`;
  const body = format === "csv" ? recordsCsv(records.activities) : JSON.stringify(records, null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
