import "server-only";
import type { PoolClient } from "pg";
import { withRawTenant, withTenant, type TTx } from "@/lib/db/client";
import type { TQuery } from "./registry";

/**
 * A tenant transaction that also sees rows soft-deleted by retention
 * (`app.include_deleted`): they still exist, so data-subject fulfilment exports
 * and erases them, and retention finally deletes them.
 */
export function withTenantIncludingDeleted<T>(tenantId: string, work: (tx: TTx) => Promise<T>, timeoutMs = 120_000): Promise<T> {
  return withTenant(
    tenantId,
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.include_deleted', 'on', true)`;
      return work(tx);
    },
    { timeout: timeoutMs },
  );
}

/**
 * The same transaction (tenant context, include-deleted, RLS as the
 * application role) on a raw `pg` client from the app's pool, for export
 * units whose statements PostgreSQL answers with JSON text: Prisma's
 * per-query and per-transaction cost was most of a small store's step.
 * `timeoutMs` bounds each statement (Prisma bounds the whole transaction).
 */
export function withRawTenantIncludingDeleted<T>(tenantId: string, work: (c: PoolClient) => Promise<T>, timeoutMs = 120_000): Promise<T> {
  // work_mem: a store's rows are sorted as JSON text (megabytes for 10,000 messages), which spilled to disk at the default 4 MB.
  return withRawTenant(tenantId, work, {
    "app.include_deleted": "on",
    statement_timeout: `${Math.max(1, Math.round(timeoutMs))}ms`,
    work_mem: "64MB",
  });
}

/** A TQuery on a raw client (a store's `exportSql` statement inside withRawTenantIncludingDeleted). */
export const pgQuery =
  (c: PoolClient): TQuery =>
  async (sql) =>
    (await c.query(sql.text, sql.values)).rows;
