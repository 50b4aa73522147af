import { Prisma } from "@/lib/db/generated/client";
import type { TQuery, TRow } from "./registry";

/**
 * SQL building blocks for store exports that PostgreSQL serialises itself
 * (`TDataStore.exportJson`). Parsing tens of thousands of rows through Prisma
 * and then serialising them again was most of an export's time (seconds for a
 * contact with 10,000 messages); PostgreSQL builds the same JSON text in a
 * fraction of it, and Node reads it with the native `JSON.parse`, in batches
 * as it writes the export files (export-zip.ts, packJsonTexts).
 *
 * The rows must read back exactly as the Prisma rows did once serialised
 * (lib/privacy/json-rows.int.test.ts holds the Prisma queries as reference):
 * the same keys in the same order, dates as `Date#toISOString()` text,
 * bigints as strings, Json columns as their value.
 */

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A `timestamp` column (Prisma DateTime: UTC wall-clock time without zone) as `Date#toISOString()` prints it. */
export const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A `timestamptz` column as `Date#toISOString()` prints it (whatever the session's TimeZone). */
export const isoTz = (column: Prisma.Sql) => iso(Prisma.sql`(${column} AT TIME ZONE 'UTC')`);

/** A column by its quoted name, optionally qualified by a table alias. */
export const col = (alias: string, name: string) => Prisma.raw(`${alias}."${name.replaceAll('"', '""')}"`);

/** A JSON object built from `fields` in their order (keys are fixed identifiers, never input). */
export function jsonObject(fields: Record<string, Prisma.Sql>): Prisma.Sql {
  const entries = Object.entries(fields);
  // json_build_object takes at most 100 arguments.
  if (!entries.length || entries.length > 50) throw new Error(`jsonObject: ${entries.length} fields`);
  return Prisma.sql`json_build_object(${Prisma.join(
    entries.map(([k, v]) => {
      if (!KEY.test(k)) throw new Error(`jsonObject: bad key ${k}`);
      return Prisma.sql`${Prisma.raw(`'${k}'`)}, ${v}`;
    }),
  )})`;
}

/**
 * One statement returning, in `orderBy` order, one row per row of `from`
 * (FROM … WHERE …) whose `j` column is that row's JSON object as text. Row by
 * row rather than one json_agg value: a single value of megabytes cost
 * PostgreSQL ten times more to send, and Node more to receive, than the same
 * bytes in rows.
 */
export function jsonRows(fields: Record<string, Prisma.Sql>, from: Prisma.Sql, orderBy: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT ${jsonObject(fields)}::text AS j ${from} ORDER BY ${orderBy}`;
}

/** Runs a `jsonRows` statement: each row's JSON text. */
export async function queryJsonRows(q: TQuery, sql: Prisma.Sql): Promise<string[]> {
  return (await q<{ j: string }>(sql)).map((r) => r.j);
}

/** The rows of `queryJsonRows` as plain JSON values. */
export const parseJsonRows = (texts: readonly string[]): TRow[] => texts.map((t) => JSON.parse(t) as TRow);
