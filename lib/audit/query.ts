import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { ZAuditAction } from "./actions";

// HTML GET forms submit empty fields as "", which means "no filter".
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

export const AUDIT_PAGE_SIZE_MAX = 100;
export const AUDIT_PAGE_SIZE_DEFAULT = 50;

export const ZAuditFilters = z
  .object({
    action: opt(ZAuditAction),
    actor: opt(z.string().trim().min(1).max(320)),
    targetType: opt(z.string().trim().min(1).max(64)),
    /** Calendar days (UTC), inclusive on both ends, as an `<input type="date">` sends them. */
    from: opt(z.iso.date()),
    to: opt(z.iso.date()),
    /** Sequence number of the last event on the previous page; pages go newest first. */
    cursor: opt(z.string().regex(/^[1-9]\d{0,18}$/, "Invalid cursor")),
    pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(AUDIT_PAGE_SIZE_MAX).default(AUDIT_PAGE_SIZE_DEFAULT)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "The end date is before the start date" });

export type TAuditFilters = z.output<typeof ZAuditFilters>;
export type TAuditFiltersInput = z.input<typeof ZAuditFilters>;

export type TAuditEventView = {
  id: string;
  seq: bigint;
  createdAt: Date;
  action: string;
  actorUserId: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: unknown;
  requestId: string | null;
  ipPrefix: string | null;
};

export type TAuditPage = { events: TAuditEventView[]; nextCursor: string | null };

/** Next's searchParams may repeat a key; the first value wins. */
export function firstValues(sp: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}

/**
 * Filters from a request. Fields that fail validation are dropped and named, so
 * one bad date doesn't blank the page; callers decide whether to refuse instead.
 */
export function parseAuditFilters(raw: Record<string, string | undefined>): { filters: TAuditFilters; invalid: string[] } {
  const first = ZAuditFilters.safeParse(raw);
  if (first.success) return { filters: first.data, invalid: [] };
  const invalid = [...new Set(first.error.issues.map((i) => String(i.path[0] ?? "")))];
  const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => !invalid.includes(k)));
  const second = ZAuditFilters.safeParse(rest);
  return { filters: second.success ? second.data : ZAuditFilters.parse({}), invalid };
}

/** Query string for links that keep the current filters (pagination, export). */
export function auditSearchParams(f: Partial<TAuditFilters>, override: Partial<Record<keyof TAuditFilters, string | null>> = {}): string {
  const q = new URLSearchParams();
  const keys = ["action", "actor", "targetType", "from", "to", "cursor", "pageSize"] as const;
  for (const k of keys) {
    const v = k in override ? override[k] : f[k] === undefined ? undefined : String(f[k]);
    if (k === "pageSize" && v === String(AUDIT_PAGE_SIZE_DEFAULT)) continue;
    if (v !== undefined && v !== null && v !== "") q.set(k, v);
  }
  return q.toString();
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function nextDay(day: string): Date {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

function whereOf(tenantId: string, f: Omit<TAuditFilters, "pageSize">): Prisma.AuditEventWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (f.from) createdAt.gte = new Date(`${f.from}T00:00:00.000Z`);
  if (f.to) createdAt.lt = nextDay(f.to);
  return {
    tenantId,
    ...(f.action ? { action: f.action } : {}),
    ...(f.actor ? { actorEmail: { contains: escapeLike(f.actor.toLowerCase()) } } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.from || f.to ? { createdAt } : {}),
    ...(f.cursor ? { seq: { lt: BigInt(f.cursor) } } : {}),
  };
}

const viewSelect = {
  id: true,
  seq: true,
  createdAt: true,
  action: true,
  actorUserId: true,
  actorEmail: true,
  targetType: true,
  targetId: true,
  metadata: true,
  requestId: true,
  ipPrefix: true,
} satisfies Prisma.AuditEventSelect;

/** One page inside an existing tenant transaction; `limit` is not capped so exports can use larger batches. */
export async function queryAuditEvents(tx: TTx, tenantId: string, filters: Omit<TAuditFilters, "pageSize">, limit: number): Promise<TAuditPage> {
  const rows = await tx.auditEvent.findMany({
    where: whereOf(tenantId, filters),
    orderBy: { seq: "desc" },
    take: limit + 1,
    select: viewSelect,
  });
  const events = rows.slice(0, limit);
  const more = rows.length > limit;
  return { events, nextCursor: more && events.length ? events[events.length - 1]!.seq.toString() : null };
}

/** Newest-first page of a tenant's audit log. Unknown input is validated here, not trusted. */
export async function listAuditEvents(tenantId: string, filters: TAuditFiltersInput = {}): Promise<TAuditPage> {
  const f = ZAuditFilters.parse(filters);
  return withTenant(tenantId, (tx) => queryAuditEvents(tx, tenantId, f, f.pageSize));
}
