"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withFieldProblems } from "../action-support";
import { connectEmail as run } from "../connect";
import { ZEmailConnect } from "../schemas";

export const connectEmail = tenantActionClient
  .metadata({ name: "connect-email", role: "admin" })
  .inputSchema(ZEmailConnect)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { id } = await withFieldProblems(ZEmailConnect, () => run(ctx, parsedInput, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { id };
  });
