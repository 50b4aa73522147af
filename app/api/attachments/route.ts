import { requireMember } from "@/lib/auth/guard";
import { route } from "@/lib/http/errors";
import { jsonError } from "@/lib/http/errors";
import { handleUpload, ZUploadQuery } from "@/lib/storage/upload";

export const dynamic = "force-dynamic";

/** Composer uploads (lib/storage/upload.ts): agents and above of the workspace named by `?tenant=`. */
export const POST = route(async (request: Request) => {
  const slug = ZUploadQuery.shape.tenant.safeParse(new URL(request.url).searchParams.get("tenant"));
  if (!slug.success) return jsonError(400, "invalid", "Which workspace is this upload for?");
  const member = await requireMember(slug.data, "agent");
  return handleUpload(request, { tenantId: member.tenant.id, userId: member.user.id });
});
