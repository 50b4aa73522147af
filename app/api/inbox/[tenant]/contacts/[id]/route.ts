import { route } from "@/lib/http/errors";
import { inboxRead, pathId } from "@/lib/inbox/http";
import { getContactDetail } from "@/lib/inbox/contacts";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) => {
  const { tenant, id } = await params;
  return inboxRead(request, tenant, async ({ member, tx }) => {
    const contactId = pathId(id);
    return contactId ? getContactDetail(tx, member.tenant.id, contactId) : null;
  });
});
