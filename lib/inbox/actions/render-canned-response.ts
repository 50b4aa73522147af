"use server";

import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { actorOf } from "@/lib/members/actor";
import { ZRenderCannedResponse } from "@/lib/inbox/schemas";
import { renderCannedResponse as run } from "@/lib/inbox/canned-responses";

export const renderCannedResponse = tenantActionClient
  .metadata({ name: "render-canned-response", role: "agent" })
  .inputSchema(ZRenderCannedResponse)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => run(actorOf(ctx), parsedInput));
