"use server";

import { revalidatePath } from "next/cache";
import { tenantActionClient, ZTenantId } from "@/lib/actions/client";
import { updateChannelSettings } from "../store";
import { ZUpdateWidgetSettings } from "../schemas";

export const updateWidgetSettings = tenantActionClient
  .metadata({ name: "update-widget-settings", role: "admin" })
  .inputSchema(ZUpdateWidgetSettings)
  .bindArgsSchemas<[tenantId: typeof ZTenantId]>([ZTenantId])
  .action(async ({ parsedInput, ctx }) => {
    await updateChannelSettings(ctx, parsedInput.channelId, "widget", parsedInput.settings, ctx.request);
    revalidatePath(`/t/${ctx.tenant.slug}/settings/channels`);
    return { ok: true as const };
  });
