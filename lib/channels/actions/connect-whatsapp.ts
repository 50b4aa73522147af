"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { withFieldProblems } from "../action-support";
import { connectWhatsAppManual as run } from "../connect";
import { ZWhatsAppManual } from "../schemas";

export const connectWhatsApp = tenantActionClient
  .metadata({ name: "connect-whatsapp", role: "admin" })
  .inputSchema(ZWhatsAppManual)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    const { id } = await withFieldProblems(ZWhatsAppManual, () => run(ctx, parsedInput, ctx.request));
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { id };
  });
