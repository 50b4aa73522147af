import { route } from "@/lib/http/errors";
import { inboxRead } from "@/lib/inbox/http";
import { parseInboxFilters } from "@/lib/inbox/filters";
import { listConversations } from "@/lib/inbox/queries";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ tenant: string }> }) => {
  const { tenant } = await params;
  return inboxRead(request, tenant, ({ member, tx, at, url }) =>
    listConversations(tx, {
      tenantId: member.tenant.id,
      userId: member.user.id,
      filters: parseInboxFilters(url.searchParams),
      cursor: url.searchParams.get("cursor"),
      at,
    }),
  );
});
