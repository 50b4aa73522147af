"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withFieldProblems } from "../action-support";
import { completeEmbeddedSignup as run } from "../connect";
import { ZEmbeddedSignup } from "../schemas";

export const completeEmbeddedSignup = tenantActionClient
  .metadata({ name: "complete-embedded-signup", role: "admin" })
  .inputSchema(ZEmbeddedSignup)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { id } = await withFieldProblems(ZEmbeddedSignup, () => run(ctx, parsedInput, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { id };
  });
