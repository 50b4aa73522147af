import { Prisma } from "@/lib/db/generated/client";
import type { TDataStore, TQuery, TRow, TSubject } from "./registry";

/**
 * SQL building blocks for store exports that PostgreSQL serialises itself
 * (`TDataStore.exportSql`). Parsing tens of thousands of rows through Prisma
 * and then serialising them again was most of an export's time (seconds for a
 * contact with 10,000 messages); PostgreSQL builds the same JSON text in a
 * fraction of it, and Node reads it with the native `JSON.parse`, batch by
 * batch through a cursor while PostgreSQL serialises the next batch
 * (fulfil.ts, exportStore; export-zip.ts, JsonFilesPacker).
 *
 * The rows must read back exactly as the Prisma rows did once serialised
 * (lib/privacy/json-rows.int.test.ts holds the Prisma queries as reference):
 * the same keys in the same order, dates as `Date#toISOString()` text,
 * bigints as strings, Json columns as their value.
 */

const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A `timestamp` column (Prisma DateTime: UTC wall-clock time without zone) as `Date#toISOString()` prints it. */
export const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A `timestamptz` column as `Date#toISOString()` prints it (whatever the session's TimeZone). */
export const isoTz = (column: Prisma.Sql) => iso(Prisma.sql`(${column} AT TIME ZONE 'UTC')`);

/** A column by its quoted name, optionally qualified by a table alias. */
export const col = (alias: string, name: string) => Prisma.raw(`${alias}."${name.replaceAll('"', '""')}"`);

const checkedKeys = (fields: Record<string, Prisma.Sql>) => {
  const keys = Object.keys(fields);
  // json_build_object takes at most 100 arguments.
  if (!keys.length || keys.length > 50) throw new Error(`jsonRows: ${keys.length} fields`);
  for (const k of keys) if (!KEY.test(k)) throw new Error(`jsonRows: bad key ${k}`);
  return keys;
};

/** A JSON object built from `fields` in their order (keys are fixed identifiers, never input). */
export function jsonObject(fields: Record<string, Prisma.Sql>): Prisma.Sql {
  return Prisma.sql`json_build_object(${Prisma.join(checkedKeys(fields).map((k) => Prisma.sql`${Prisma.raw(`'${k}'`)}, ${fields[k]!}`))})`;
}

/**
 * One statement returning, in `orderBy` order, one row per row of `from`
 * (FROM … WHERE …) whose `j` column is that row's JSON object as text.
 *
 * Row by row rather than one json_agg value: a single value of megabytes cost
 * PostgreSQL ten times more to send, and Node more to receive, than the same
 * bytes in rows. The field values and sort keys are computed and sorted in a
 * subquery, and the objects built above it, so through a cursor each FETCH
 * serialises only its own rows (the outer ORDER BY is the subquery's, which
 * PostgreSQL keeps without sorting again).
 */
export function jsonRows(fields: Record<string, Prisma.Sql>, from: Prisma.Sql, orderBy: readonly Prisma.Sql[]): Prisma.Sql {
  const keys = checkedKeys(fields);
  const inner = [...keys.map((k) => Prisma.sql`${fields[k]!} AS ${Prisma.raw(`"${k}"`)}`), ...orderBy.map((o, i) => Prisma.sql`${o} AS ${Prisma.raw(`"__o${i}"`)}`)];
  const sortKeys = Prisma.raw(orderBy.map((_, i) => `s."__o${i}"`).join(", "));
  const object = Prisma.raw(`json_build_object(${keys.map((k) => `'${k}', s."${k}"`).join(", ")})`);
  return Prisma.sql`SELECT ${object}::text AS j FROM (SELECT ${Prisma.join(inner)} ${from} ORDER BY ${Prisma.raw(orderBy.map((_, i) => `"__o${i}"`).join(", "))}) s ORDER BY ${sortKeys}`;
}

/** Runs a `jsonRows` statement: each row's JSON text. */
export async function queryJsonRows(q: TQuery, sql: Prisma.Sql): Promise<string[]> {
  return (await q<{ j: string }>(sql)).map((r) => r.j);
}

/** A store's rows as JSON texts, in one piece (erasers, tests): what fulfilment reads through a cursor. */
export async function exportTexts(store: TDataStore, q: TQuery, subject: TSubject): Promise<string[]> {
  const sql = await store.exportSql(q, subject);
  return sql ? queryJsonRows(q, sql) : [];
}

/** The rows of `queryJsonRows` as plain JSON values. */
export const parseJsonRows = (texts: readonly string[]): TRow[] => texts.map((t) => JSON.parse(t) as TRow);
