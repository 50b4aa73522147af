import { requireMember } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { jsonError, route } from "@/lib/http/errors";
import { requestContextFrom } from "@/lib/http/request-context";
import { verificationExportBytes } from "@/lib/privacy/download";

/** An admin's download of a post-erasure verification export (what is left about the subject). */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string; id: string; exportId: string }> }) => {
  const { tenant: slug, id, exportId } = await ctx.params;
  const { user, tenant } = await requireMember(slug, "admin");
  const bytes = await verificationExportBytes(tenant.id, id, exportId);
  if (!bytes) return jsonError(404, "not_found", "This export does not exist or has expired.");
  const reqCtx = requestContextFrom(request.headers);
  await withTenant(tenant.id, (tx) =>
    recordAudit(tx, {
      tenantId: tenant.id,
      action: "data.exported",
      actor: { userId: user.id, email: user.email },
      target: { type: "PrivacyRequest", id },
      metadata: { exportId, purpose: "post-erasure verification" },
      context: { requestId: reqCtx.requestId, ipPrefix: reqCtx.ipPrefix },
    }),
  );
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="verification-export-${id}.zip"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
