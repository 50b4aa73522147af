import { requireMember } from "@/lib/auth/guard";
import { recordAudit } from "@/lib/audit/record";
import { consentCsvStream } from "@/lib/consent/export";
import { parseConsentLogFilters } from "@/lib/consent/query";
import { withTenant } from "@/lib/db/client";
import { jsonError, route } from "@/lib/http/errors";
import { requestContextFrom } from "@/lib/http/request-context";

/** CSV of the consent log with the page's filters; every export is audited before data leaves. */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string }> }) => {
  const { tenant: slug } = await ctx.params;
  const { user, tenant } = await requireMember(slug, "analyst");
  const { filters, invalid } = parseConsentLogFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (invalid.length) return jsonError(400, "invalid_filters", "The consent log filters are not valid.", { invalid });
  const { before: _before, ...rest } = filters;
  const reqCtx = requestContextFrom(request.headers);
  await withTenant(tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: tenant.id,
      action: "data.exported",
      actor: { userId: user.id, email: user.email },
      target: { type: "ConsentLog", id: tenant.id },
      metadata: { format: "csv", filters: rest },
      context: { requestId: reqCtx.requestId, ipPrefix: reqCtx.ipPrefix },
    }),
  );
  const day = new Date().toISOString().slice(0, 10);
  return new Response(consentCsvStream(tenant.id, rest), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="consent-${tenant.slug.replace(/[^a-z0-9-]/gi, "")}-${day}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
