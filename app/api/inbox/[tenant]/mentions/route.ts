import { route } from "@/lib/http/errors";
import { inboxRead } from "@/lib/inbox/http";
import { listMentions } from "@/lib/inbox/mention-notifications";

export const dynamic = "force-dynamic";

/** The signed-in member's @mentions in private notes (latest first) and the unread count. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string }> }) => {
  const { tenant } = await params;
  return inboxRead(request, tenant, ({ member, tx }) => listMentions(tx, member.tenant.id, member.user.id));
});
