"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withFieldProblems } from "../action-support";
import { connectWidget as run } from "../connect";
import { ZWidgetConnect } from "../schemas";

export const connectWidget = tenantActionClient
  .metadata({ name: "connect-widget", role: "admin" })
  .inputSchema(ZWidgetConnect)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { id } = await withFieldProblems(ZWidgetConnect, () => run(ctx, parsedInput, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { id };
  });
