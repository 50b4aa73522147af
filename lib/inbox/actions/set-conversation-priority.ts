"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZSetConversationPriority } from "@/lib/inbox/schemas";
import { setConversationPriority as run } from "@/lib/inbox/conversations";

export const setConversationPriority = tenantActionClient
  .metadata({ name: "set-conversation-priority", role: "agent" })
  .inputSchema(ZSetConversationPriority)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
