import { route } from "@/lib/http/errors";
import { inboxRead } from "@/lib/inbox/http";
import { inboxCounts } from "@/lib/inbox/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string }> }) => {
  const { tenant } = await params;
  return inboxRead(request, tenant, ({ member, tx, at, url }) => {
    const f = url.searchParams.get("folder");
    const folder = f === "mine" || f === "unassigned" ? f : "all";
    return inboxCounts(tx, { tenantId: member.tenant.id, userId: member.user.id, folder, at });
  });
});
