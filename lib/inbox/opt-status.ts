import "server-only";
import type { TTx } from "@/lib/db/client";
import type { ChannelType } from "@/lib/db/generated/enums";

/**
 * True when the contact opted out of this channel type (by keyword or
 * otherwise). Outbound code must check it before sending anything but the
 * opt-out acknowledgement. `tx` comes from `withTenant`.
 */
export async function isOptedOut(tx: TTx, contactId: string, channelType: ChannelType): Promise<boolean> {
  const row = await tx.contactOptIn.findFirst({ where: { contactId, channelType }, select: { status: true } });
  return row?.status === "opted_out";
}
