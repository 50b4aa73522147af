"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZSendReply } from "@/lib/inbox/schemas";
import { sendReply as run } from "@/lib/inbox/reply";

export const sendReply = tenantActionClient
  .metadata({ name: "send-reply", role: "agent" })
  .inputSchema(ZSendReply)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
