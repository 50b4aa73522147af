"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZUpdateContact } from "@/lib/inbox/schemas";
import { updateContact as run } from "@/lib/inbox/contacts";

export const updateContact = tenantActionClient
  .metadata({ name: "update-contact", role: "agent" })
  .inputSchema(ZUpdateContact)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput, ctx.request));
