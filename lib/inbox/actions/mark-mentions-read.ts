"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { ZMarkMentionsRead } from "@/lib/inbox/schemas";
import { markMentionsRead as run } from "@/lib/inbox/mention-notifications";

export const markMentionsRead = tenantActionClient
  .metadata({ name: "mark-mentions-read", role: "analyst" })
  .inputSchema(ZMarkMentionsRead)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => ({ marked: await run(ctx.tenant.id, ctx.user.id, parsedInput.conversationId) }));
