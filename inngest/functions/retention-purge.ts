import { cron } from "inngest";
import { PURGE_PARALLEL_TENANTS, purgeTenant, tenantIds } from "@/lib/retention/purge";
import { inngest } from "../client";

/**
 * Nightly retention purge across tenants (listed by the sotto_tenant_ids
 * definer function). One step per tenant, PURGE_PARALLEL_TENANTS at a time
 * (parallel steps): a failure retries that tenant only, and each step's
 * statements are bounded batches, so a large backlog never holds a long
 * transaction. Each tenant's run is recorded as a PurgeRun (per-category
 * counts, duration) shown in the dashboard.
 */
export const retentionPurgeCron = inngest.createFunction(
  { id: "retention-purge", name: "Retention purge", triggers: [cron("TZ=UTC 30 3 * * *")], retries: 3, concurrency: 1 },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantIds());
    let failed = 0;
    for (let i = 0; i < tenants.length; i += PURGE_PARALLEL_TENANTS) {
      const results = await Promise.all(
        tenants.slice(i, i + PURGE_PARALLEL_TENANTS).map((tenantId) =>
          step.run(`purge-${tenantId}`, async () => {
            try {
              const { durationMs } = await purgeTenant(tenantId);
              return { ok: true, durationMs };
            } catch (error) {
              // One tenant's failure (recorded on its PurgeRun) must not stop the others.
              return { ok: false, error: String(error).slice(0, 200) };
            }
          }),
        ),
      );
      failed += results.filter((r) => !r.ok).length;
    }
    return { tenants: tenants.length, failed };
  },
);
