import { requireMember } from "@/lib/auth/guard";
import { route } from "@/lib/http/errors";
import { jsonError } from "@/lib/http/errors";
import { handleUpload } from "@/lib/storage/upload";

export const dynamic = "force-dynamic";

/** Composer uploads (lib/storage/upload.ts): agents and above of the workspace named by `?tenant=`. */
export const POST = route(async (request: Request) => {
  const slug = new URL(request.url).searchParams.get("tenant");
  if (!slug || !/^[a-z0-9-]{1,64}$/.test(slug)) return jsonError(400, "invalid", "Which workspace is this upload for?");
  const member = await requireMember(slug, "agent");
  return handleUpload(request, { tenantId: member.tenant.id, userId: member.user.id });
});
