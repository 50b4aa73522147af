import "server-only";
import { withTenant, type TTx } from "@/lib/db/client";

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
