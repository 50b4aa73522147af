import { route } from "@/lib/http/errors";
import { inboxRead, pathId } from "@/lib/inbox/http";
import { listMessages } from "@/lib/inbox/messages";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) => {
  const { tenant, id } = await params;
  return inboxRead(request, tenant, async ({ member, tx, url }) => {
    const conversationId = pathId(id);
    if (!conversationId) return null;
    const exists = await tx.conversation.findFirst({ where: { tenantId: member.tenant.id, id: conversationId }, select: { id: true } });
    if (!exists) return null;
    return listMessages(tx, { tenantId: member.tenant.id, conversationId, before: url.searchParams.get("before") });
  });
});
