"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZSetConversationLabels } from "@/lib/inbox/schemas";
import { setConversationLabels as run } from "@/lib/inbox/labels";

export const setConversationLabels = tenantActionClient
  .metadata({ name: "set-conversation-labels", role: "agent" })
  .inputSchema(ZSetConversationLabels)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
