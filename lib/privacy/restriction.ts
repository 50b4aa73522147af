import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { ChannelType } from "@/lib/db/generated/enums";
import { z } from "zod";

/**
 * What a data subject's restriction (Art. 18) and objection to profiling
 * (Art. 21(2)) mean for the rest of Sotto, as checks other features call:
 *
 * - A restricted contact's data is stored, nothing more: no automated
 *   processing (auto-assignment, AI agent, bots) and no outbound message but
 *   the reply to their request. Outbound is enforced by the queue and again at
 *   delivery (lib/outbound/policy.ts); automated steps ask
 *   `automatedProcessingAllowed` first.
 * - A contact who objected to profiling is never in a marketing segment;
 *   marketing segmentation goes through `marketingSegment`, which also leaves
 *   out restricted and merged contacts, and, for a channel, contacts opted out
 *   of it.
 */

/** False when the conversation's contact restricted processing (or the conversation is gone). */
export async function automatedProcessingAllowed(tx: TTx, tenantId: string, conversationId: string): Promise<boolean> {
  const c = await tx.conversation.findFirst({ where: { tenantId, id: conversationId }, select: { contact: { select: { restricted: true } } } });
  return c !== null && !c.contact.restricted;
}

/** Marketing segment criteria: contact attributes to match exactly, and the channel a campaign would use. */
export const ZSegmentCriteria = z.strictObject({
  attributes: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
  channelType: z.enum(ChannelType).optional(),
});
export type TSegmentCriteria = z.input<typeof ZSegmentCriteria>;

/** Who may be profiled for marketing at all. */
export const profilingAllowedWhere = (tenantId: string): Prisma.ContactWhereInput => ({ tenantId, mergedIntoId: null, restricted: false, noProfiling: false });

/** Contact ids in a marketing segment: matching attributes, never a contact who objected to profiling or restricted processing. */
export async function marketingSegment(tx: TTx, tenantId: string, criteria: TSegmentCriteria): Promise<string[]> {
  const c = ZSegmentCriteria.parse(criteria);
  const channel: ChannelType | undefined = c.channelType;
  const rows = await tx.contact.findMany({
    where: {
      AND: [
        profilingAllowedWhere(tenantId),
        ...Object.entries(c.attributes).map(([key, value]) => ({ attributes: { path: [key], equals: value } })),
        ...(channel ? [{ NOT: { id: { in: await optedOut(tx, tenantId, channel) } } }] : []),
      ],
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}

async function optedOut(tx: TTx, tenantId: string, channelType: ChannelType): Promise<string[]> {
  const rows = await tx.contactOptIn.findMany({ where: { tenantId, channelType, status: "opted_out" }, select: { contactId: true } });
  return rows.map((r) => r.contactId);
}
