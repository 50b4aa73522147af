import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant } from "@/lib/db/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { ActionError } from "@/lib/actions/errors";
import { auditInbox, type TAuditCtx } from "./audit";
import { businessHoursFrom, type TBusinessHours } from "./business-hours";
import type { TInboxActor } from "./conversations";
import { inboxRoutingFrom, type TInboxRouting, type TUpdateInboxRouting } from "./inbox-routing";

export type TInboxRoutingDto = { channelId: string; name: string; type: ChannelType; routing: TInboxRouting; businessHours: TBusinessHours | null };

/** Connected inboxes (channels) with their assignment settings, for Settings → Teams. */
export async function listInboxRouting(tenantId: string): Promise<TInboxRoutingDto[]> {
  const rows = await withTenant(tenantId, (tx) =>
    tx.channel.findMany({ where: { status: { not: "disconnected" } }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, type: true, settings: true } }),
  );
  return rows.map((c) => ({ channelId: c.id, name: c.name, type: c.type, routing: inboxRoutingFrom(c.settings), businessHours: businessHoursFrom(c.settings) }));
}

/**
 * Saves one inbox's assignment settings into Channel.settings, merged with the
 * channel's own keys (widget appearance, IMAP cursor) under a row lock so a
 * concurrent save of those keys is not lost.
 */
export async function updateInboxRouting(actor: TInboxActor, input: TUpdateInboxRouting, ctx: TAuditCtx): Promise<void> {
  const tenantId = actor.tenant.id;
  await withTenant(tenantId, async (tx) => {
    const [channel] = await tx.$queryRaw<{ id: string; settings: unknown }[]>(Prisma.sql`
      SELECT id, settings FROM "Channel" WHERE "tenantId" = ${tenantId} AND id = ${input.channelId} AND status <> 'disconnected' FOR UPDATE`);
    if (!channel) throw new ActionError("not_found", "That inbox is no longer connected.");
    if (input.teamId && !(await tx.team.findFirst({ where: { tenantId, id: input.teamId }, select: { id: true } }))) {
      throw new ActionError("invalid", "That team no longer exists.");
    }
    const before = (channel.settings && typeof channel.settings === "object" ? channel.settings : {}) as Record<string, unknown>;
    const routing: TInboxRouting = { autoAssign: input.autoAssign, teamId: input.teamId };
    const settings = { ...before, routing, businessHours: input.businessHours };
    await tx.channel.update({ where: { id: channel.id }, data: { settings: settings as Prisma.InputJsonObject } });
    await auditInbox(tx, actor, ctx, "inbox.routing_updated", { type: "channel", id: channel.id }, {
      autoAssign: input.autoAssign,
      teamId: input.teamId,
      businessHours: input.businessHours ? { enabled: input.businessHours.enabled, timezone: input.businessHours.timezone } : null,
    });
  });
}
