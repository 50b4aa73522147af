import { route } from "@/lib/http/errors";
import { inboxRead, pathId } from "@/lib/inbox/http";
import { getMessage } from "@/lib/inbox/messages";

export const dynamic = "force-dynamic";

/** One message, for live updates: the browser fetches exactly what a `message.created` event names. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) => {
  const { tenant, id } = await params;
  return inboxRead(request, tenant, async ({ member, tx }) => {
    const messageId = pathId(id);
    return messageId ? getMessage(tx, member.tenant.id, messageId) : null;
  });
});
