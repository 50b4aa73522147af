"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZSetConversationTeam } from "@/lib/inbox/schemas";
import { setConversationTeam as run } from "@/lib/inbox/conversations";

export const setConversationTeam = tenantActionClient
  .metadata({ name: "set-conversation-team", role: "agent" })
  .inputSchema(ZSetConversationTeam)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
