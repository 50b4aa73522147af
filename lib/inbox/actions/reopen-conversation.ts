"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZConversationRef } from "@/lib/inbox/schemas";
import { reopenConversation as run } from "@/lib/inbox/conversations";

export const reopenConversation = tenantActionClient
  .metadata({ name: "reopen-conversation", role: "agent" })
  .inputSchema(ZConversationRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
