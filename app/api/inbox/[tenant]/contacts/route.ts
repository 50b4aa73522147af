import { route } from "@/lib/http/errors";
import { inboxRead, pathId } from "@/lib/inbox/http";
import { searchContacts } from "@/lib/inbox/contacts";

export const dynamic = "force-dynamic";

/** Contact search for the merge picker. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string }> }) => {
  const { tenant } = await params;
  return inboxRead(request, tenant, ({ member, tx, url }) => {
    const exclude = url.searchParams.get("exclude");
    return searchContacts(tx, member.tenant.id, url.searchParams.get("q") ?? "", exclude ? pathId(exclude) : null);
  });
});
