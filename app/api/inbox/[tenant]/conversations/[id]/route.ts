import { route } from "@/lib/http/errors";
import { inboxRead, pathId } from "@/lib/inbox/http";
import { getConversationSummary } from "@/lib/inbox/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) => {
  const { tenant, id } = await params;
  return inboxRead(request, tenant, async ({ member, tx, at }) => {
    const conversationId = pathId(id);
    return conversationId ? getConversationSummary(tx, member.tenant.id, conversationId, at) : null;
  });
});
