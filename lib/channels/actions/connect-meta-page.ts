"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withFieldProblems } from "../action-support";
import { connectMetaPage as run } from "../connect";
import { ZMetaPageConnect } from "../schemas";

export const connectMetaPage = tenantActionClient
  .metadata({ name: "connect-meta-page", role: "admin" })
  .inputSchema(ZMetaPageConnect)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { id } = await withFieldProblems(ZMetaPageConnect, () => run(ctx, parsedInput, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { id };
  });
