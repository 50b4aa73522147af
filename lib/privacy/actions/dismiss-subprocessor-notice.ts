"use server";

import { z } from "zod";
import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { dismissNotice } from "../subprocessor-notices";

export const dismissSubprocessorNotice = tenantActionClient
  .metadata({ name: "dismiss-subprocessor-notice", role: "admin" })
  .bindArgsSchemas([ZTenantId])
  .inputSchema(z.object({ noticeId: z.string().min(1).max(64) }))
  .action(async ({ parsedInput, ctx }) => {
    await dismissNotice(ctx.tenant.id, { userId: ctx.user.id, email: ctx.user.email }, parsedInput.noticeId);
    revalidatePath(`/t/${ctx.tenant.slug}`, "layout");
    return { dismissed: true as const };
  });
