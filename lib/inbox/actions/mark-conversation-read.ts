"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZConversationRef } from "@/lib/inbox/schemas";
import { markConversationRead as run } from "@/lib/inbox/conversations";

export const markConversationRead = tenantActionClient
  .metadata({ name: "mark-conversation-read", role: "agent" })
  .inputSchema(ZConversationRef)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
