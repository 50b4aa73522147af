import { cron } from "inngest";
import { assignPendingForTenant, listOutsideHoursPending, purgeStalePendingStatuses } from "@/lib/inbox/assign-pending";
import { inngest } from "../client";

/**
 * Every five minutes: conversations left pending outside business hours are
 * assigned once their team's or inbox's hours have started (lib/inbox/assign-pending.ts).
 * One step per tenant, so a retry repeats only the tenant that failed; and
 * statuses kept for provider ids that never appeared are purged after 7 days.
 */
export const assignPendingConversationsCron = inngest.createFunction(
  { id: "assign-pending-conversations", name: "Assign conversations held outside business hours", triggers: [cron("*/5 * * * *")], retries: 2, concurrency: 1 },
  async ({ step }) => {
    const pending = await step.run("list-pending", () => listOutsideHoursPending());
    const totals = { tenants: 0, assigned: 0, waiting: 0, failed: 0 };
    for (const [tenantId, ids] of Object.entries(pending)) {
      const r = await step.run(`assign-${tenantId}`, () => assignPendingForTenant(tenantId, ids));
      totals.tenants++;
      totals.assigned += r.assigned;
      totals.waiting += r.waiting;
      totals.failed += r.failed;
    }
    const purgedStatuses = await step.run("purge-stale-statuses", () => purgeStalePendingStatuses());
    return { ...totals, purgedStatuses };
  },
);
