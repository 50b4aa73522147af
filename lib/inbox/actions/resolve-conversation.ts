"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZConversationRef } from "@/lib/inbox/schemas";
import { resolveConversation as run } from "@/lib/inbox/conversations";

export const resolveConversation = tenantActionClient
  .metadata({ name: "resolve-conversation", role: "agent" })
  .inputSchema(ZConversationRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
