import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { METHODS, OPTIONAL_CATEGORIES } from "./categories";

/**
 * Consent log filters (query string of the log page and its CSV export).
 * `category`: records that grant it. Dates are UTC days, inclusive.
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD.");
export const ZConsentLogFilters = z.object({
  method: z.enum(METHODS).optional(),
  category: z.enum(OPTIONAL_CATEGORIES).optional(),
  country: z
    .string()
    .trim()
    .regex(/^([A-Za-z]{2}|unknown)$/, "Use a two-letter country code.")
    .transform((c) => (c === "unknown" ? c : c.toUpperCase()))
    .optional(),
  from: day.optional(),
  to: day.optional(),
  before: z.coerce.bigint().positive().optional(),
});
export type TConsentLogFilters = z.output<typeof ZConsentLogFilters>;

export function parseConsentLogFilters(raw: Record<string, string | undefined>): { filters: TConsentLogFilters; invalid: string[] } {
  const filters: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const key of Object.keys(ZConsentLogFilters.shape) as (keyof typeof ZConsentLogFilters.shape)[]) {
    const v = raw[key];
    if (v === undefined || v === "") continue;
    const r = ZConsentLogFilters.shape[key].safeParse(v);
    if (r.success) filters[key] = r.data;
    else invalid.push(key);
  }
  return { filters: filters as TConsentLogFilters, invalid };
}

export function consentLogQuery(filters: TConsentLogFilters, overrides: { before?: bigint | null } = {}): string {
  const p = new URLSearchParams();
  for (const k of ["method", "category", "country", "from", "to"] as const) if (filters[k]) p.set(k, String(filters[k]));
  const before = overrides.before === undefined ? filters.before : overrides.before;
  if (before) p.set("before", before.toString());
  return p.toString();
}

export type TConsentLogRow = {
  id: string;
  seq: bigint;
  consentId: string;
  createdAt: Date;
  method: string;
  selections: Record<string, boolean>;
  withdrawn: string[];
  gpc: boolean;
  policyVersion: number;
  fingerprint: string;
  locale: string;
  origin: string;
  country: string;
  uaFamily: string;
  userId: string | null;
  hash: string;
};

/** Newest first, keyset-paged by chain position. */
export async function queryConsentLog(tx: TTx, tenantId: string, filters: TConsentLogFilters, limit = 50): Promise<{ rows: TConsentLogRow[]; nextBefore: bigint | null }> {
  const where: Prisma.Sql[] = [Prisma.sql`"tenantId" = ${tenantId}`];
  if (filters.method) where.push(Prisma.sql`method = ${filters.method}::"ConsentMethod"`);
  if (filters.category) where.push(Prisma.sql`(selections ->> ${filters.category}) = 'true'`);
  if (filters.country) where.push(Prisma.sql`country = ${filters.country}`);
  if (filters.from) where.push(Prisma.sql`"createdAt" >= ${`${filters.from}T00:00:00Z`}::timestamptz`);
  if (filters.to) where.push(Prisma.sql`"createdAt" < (${`${filters.to}T00:00:00Z`}::timestamptz + interval '1 day')`);
  if (filters.before) where.push(Prisma.sql`seq < ${filters.before}`);
  const rows = await tx.$queryRaw<TConsentLogRow[]>(Prisma.sql`
    SELECT id, seq, "consentId", "createdAt", method::text AS method, selections, withdrawn, gpc, "policyVersion", fingerprint, locale, origin, country, "uaFamily", "userId", hash
    FROM "ConsentRecord" WHERE ${Prisma.join(where, " AND ")}
    ORDER BY seq DESC LIMIT ${limit + 1}`);
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map((r) => ({ ...r, seq: BigInt(r.seq) }));
  return { rows: page, nextBefore: more ? page[page.length - 1]!.seq : null };
}
