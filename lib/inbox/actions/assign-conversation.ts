"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZAssignConversation } from "@/lib/inbox/schemas";
import { assignConversation as run } from "@/lib/inbox/conversations";

export const assignConversation = tenantActionClient
  .metadata({ name: "assign-conversation", role: "agent" })
  .inputSchema(ZAssignConversation)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
