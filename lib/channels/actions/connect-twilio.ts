"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withFieldProblems } from "../action-support";
import { connectTwilio as run } from "../connect";
import { ZTwilioConnect } from "../schemas";

export const connectTwilio = tenantActionClient
  .metadata({ name: "connect-twilio", role: "admin" })
  .inputSchema(ZTwilioConnect)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { id } = await withFieldProblems(ZTwilioConnect, () => run(ctx, parsedInput, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { id };
  });
