import { requireMember } from "@/lib/auth/guard";
import { recordExport } from "@/lib/audit/export-download";
import { jsonError, route } from "@/lib/http/errors";
import { verificationExportBytes } from "@/lib/privacy/download";

/** An admin's download of a post-erasure verification export (what is left about the subject). */
export const GET = route(async (request: Request, ctx: { params: Promise<{ tenant: string; id: string; exportId: string }> }) => {
  const { tenant: slug, id, exportId } = await ctx.params;
  const member = await requireMember(slug, "admin");
  const bytes = await verificationExportBytes(member.tenant.id, id, exportId);
  if (!bytes) return jsonError(404, "not_found", "This export does not exist or has expired.");
  await recordExport(request, member, { type: "PrivacyRequest", id }, { exportId, purpose: "post-erasure verification" });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="verification-export-${id}.zip"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
