"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZSnoozeConversation } from "@/lib/inbox/schemas";
import { snoozeConversation as run } from "@/lib/inbox/conversations";

export const snoozeConversation = tenantActionClient
  .metadata({ name: "snooze-conversation", role: "agent" })
  .inputSchema(ZSnoozeConversation)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
