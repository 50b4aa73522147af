import "server-only";
import { pool } from "@/lib/db/client";

/** Live email channels across tenants (ids only), through the narrow definer function `sotto_active_channels`. */
export async function activeEmailChannels(): Promise<{ tenantId: string; channelId: string }[]> {
  const { rows } = await pool().query<{ tenant_id: string; channel_id: string }>("SELECT tenant_id, channel_id FROM sotto_active_channels('email')");
  return rows.map((r) => ({ tenantId: r.tenant_id, channelId: r.channel_id }));
}
