import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import type { ChannelStatus, ChannelType } from "@/lib/db/generated/enums";
import { withTenant } from "@/lib/db/client";

/**
 * Reads for the channel settings pages, always under the tenant's RLS context:
 * another workspace's channels and delivery logs are invisible here even if a
 * query forgot its filter.
 */

export type TChannelSummary = {
  id: string;
  type: ChannelType;
  name: string;
  status: ChannelStatus;
  externalId: string;
  sandbox: boolean;
  hasCredentials: boolean;
  settings: Record<string, unknown>;
  createdAt: Date;
  lastDelivery: { outcome: string; httpStatus: number; createdAt: Date } | null;
};

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export async function listChannels(tenantId: string): Promise<TChannelSummary[]> {
  return withTenant(tenantId, async (tx) => {
    const channels = await tx.channel.findMany({
      where: { tenantId },
      orderBy: [{ status: "asc" }, { createdAt: "asc" }],
      select: { id: true, type: true, name: true, status: true, externalId: true, sandbox: true, settings: true, createdAt: true, credentials: true, webhookSecret: true },
    });
    // Latest log line per channel in one statement (index tenantId, channelId, createdAt).
    const last = await tx.$queryRaw<{ channelId: string; outcome: string; httpStatus: number; createdAt: Date }[]>(Prisma.sql`
      SELECT DISTINCT ON ("channelId") "channelId", outcome, "httpStatus", "createdAt"
      FROM "DeliveryLog" WHERE "tenantId" = ${tenantId}
      ORDER BY "channelId", "createdAt" DESC, id DESC`);
    const byChannel = new Map(last.map((l) => [l.channelId, l]));
    return channels.map((c) => {
      const l = byChannel.get(c.id);
      return {
        id: c.id,
        type: c.type,
        name: c.name,
        status: c.status,
        externalId: c.externalId,
        sandbox: c.sandbox,
        hasCredentials: Boolean(c.credentials || c.webhookSecret),
        settings: asObject(c.settings),
        createdAt: c.createdAt,
        lastDelivery: l ? { outcome: l.outcome, httpStatus: l.httpStatus, createdAt: l.createdAt } : null,
      };
    });
  });
}

export async function getChannel(tenantId: string, channelId: string): Promise<TChannelSummary | null> {
  return (await listChannels(tenantId)).find((c) => c.id === channelId) ?? null;
}

export const DELIVERY_PAGE_SIZE = 50;

export const ZDeliveryFilters = z.object({
  outcome: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
  /** "failures": everything but accepted / duplicate / ignored. */
  show: z.enum(["all", "failures"]).optional().catch(undefined),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  /** Keyset cursor: `<createdAt ISO>_<id>` of the last row shown. */
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[A-Za-z0-9]+$/)
    .optional()
    .catch(undefined),
});
export type TDeliveryFilters = z.infer<typeof ZDeliveryFilters>;

export function parseDeliveryFilters(search: Record<string, string | string[] | undefined>): TDeliveryFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  return ZDeliveryFilters.parse({ outcome: first(search.outcome), show: first(search.show), from: first(search.from), to: first(search.to), before: first(search.before) });
}

export type TDeliveryRow = { id: string; outcome: string; httpStatus: number; detail: string | null; eventKey: string | null; createdAt: Date };

export async function listDeliveries(tenantId: string, channelId: string, f: TDeliveryFilters): Promise<{ rows: TDeliveryRow[]; nextBefore: string | null; outcomes: string[] }> {
  return withTenant(tenantId, async (tx) => {
    const where: Prisma.DeliveryLogWhereInput = { tenantId, channelId };
    if (f.outcome) where.outcome = f.outcome;
    else if (f.show === "failures") where.outcome = { notIn: ["accepted", "duplicate", "ignored"] };
    const createdAt: Prisma.DateTimeFilter = {};
    if (f.from) createdAt.gte = new Date(`${f.from}T00:00:00Z`);
    if (f.to) createdAt.lt = new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000);
    if (Object.keys(createdAt).length) where.createdAt = createdAt;
    if (f.before) {
      const [at, id] = [f.before.slice(0, f.before.lastIndexOf("_")), f.before.slice(f.before.lastIndexOf("_") + 1)];
      const d = new Date(at);
      if (!Number.isNaN(d.getTime())) where.OR = [{ createdAt: { lt: d } }, { createdAt: d, id: { lt: id } }];
    }
    const rows = await tx.deliveryLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DELIVERY_PAGE_SIZE + 1,
      select: { id: true, outcome: true, httpStatus: true, detail: true, eventKey: true, createdAt: true },
    });
    const outcomes = await tx.deliveryLog.findMany({ where: { tenantId, channelId }, distinct: ["outcome"], select: { outcome: true }, orderBy: { outcome: "asc" } });
    const page = rows.slice(0, DELIVERY_PAGE_SIZE);
    const last = page.at(-1);
    return {
      rows: page,
      nextBefore: rows.length > DELIVERY_PAGE_SIZE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
      outcomes: outcomes.map((o) => o.outcome),
    };
  });
}
