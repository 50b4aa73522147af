"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZMergeContacts } from "@/lib/inbox/schemas";
import { mergeContacts as run } from "@/lib/inbox/merge";

export const mergeContacts = tenantActionClient
  .metadata({ name: "merge-contacts", role: "agent" })
  .inputSchema(ZMergeContacts)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput, ctx.request));
