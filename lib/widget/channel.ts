import "server-only";
import { db, withTenant, type TTx } from "@/lib/db/client";
import { env } from "@/lib/env";
import { contrastTextColor, widgetSettingsFrom, ZWidgetKey, type TWidgetSettings } from "./settings";
import { hoursSummary, isOpenAt } from "./hours";
import type { TWidgetPublicSettings } from "./public-types";

export type TWidgetChannel = {
  tenantId: string;
  channelId: string;
  name: string;
  active: boolean;
  settings: TWidgetSettings;
};

/**
 * The widget channel behind a public key. The key names no tenant, so the
 * tenant comes from the narrow definer function `sotto_channel_route`; the
 * settings are then read under that tenant's RLS context. Null for a
 * malformed or unknown key.
 */
export async function widgetChannelByKey(key: string): Promise<TWidgetChannel | null> {
  if (!ZWidgetKey.safeParse(key).success) return null;
  const rows = await db().$queryRaw<{ tenant_id: string; channel_id: string }[]>`
    SELECT tenant_id, channel_id FROM sotto_channel_route('widget'::"ChannelType", ${key})`;
  const route = rows[0];
  if (!route) return null;
  return withTenant(route.tenant_id, (tx) => widgetChannelById(tx, route.tenant_id, route.channel_id));
}

/** Inside a tenant transaction: the widget channel with this id, or null. */
export async function widgetChannelById(tx: TTx, tenantId: string, channelId: string): Promise<TWidgetChannel | null> {
  const row = await tx.channel.findFirst({
    where: { id: channelId, tenantId, type: "widget" },
    select: { id: true, name: true, status: true, settings: true },
  });
  if (!row) return null;
  return { tenantId, channelId: row.id, name: row.name, active: row.status === "active", settings: widgetSettingsFrom(row.settings) };
}

/** What a visitor's browser may know about the channel. */
export function publicSettings(s: TWidgetSettings, at: Date): TWidgetPublicSettings {
  return {
    title: s.title,
    greeting: s.greeting,
    brandColor: s.brandColor,
    brandText: contrastTextColor(s.brandColor),
    position: s.position,
    launcherLabel: s.launcherLabel,
    open: isOpenAt(s.businessHours, at),
    offlineMessage: s.offlineMessage,
    hoursSummary: hoursSummary(s.businessHours),
    maxFileBytes: env.ATTACHMENT_MAX_BYTES,
  };
}
