import { applyFlags, assembleExport, completeRequest, eraseStore, exportStore, prepareFulfilment } from "@/lib/privacy/fulfil";
import { notifyCompleted } from "@/lib/privacy/outcomes";
import { inngest } from "../client";
import { privacyRequestApproved } from "../privacy-events";

/**
 * Fulfils an approved data-subject request with one step per data store
 * (lib/privacy/stores/all.ts). Steps are memoised by Inngest and each also
 * records its outcome on the request in the same transaction as its work, so
 * a retry or a resumed run repeats nothing and admins watch the progress.
 * Step results hold counts only, never personal data.
 */
export const privacyFulfil = inngest.createFunction(
  {
    id: "privacy-fulfil",
    name: "Privacy request: fulfil",
    triggers: [privacyRequestApproved],
    retries: 5,
    concurrency: { key: "event.data.requestId", limit: 1 },
  },
  async ({ event, step }) => {
    const { tenantId, requestId } = event.data;
    const plan = await step.run("prepare", () => prepareFulfilment(tenantId, requestId));

    if (plan.type === "access" || plan.type === "portability") {
      const exportId = plan.exportId!;
      for (const store of plan.stores) {
        await step.run(`export-${store}`, () => exportStore(tenantId, requestId, exportId, store, { trackProgress: true }));
      }
      await step.run("assemble-export", () => assembleExport(tenantId, requestId, exportId));
      await step.run("complete", () => completeRequest(tenantId, requestId));
      await step.run("notify", () => notifyCompleted(tenantId, requestId, { exportId }));
      return { requestId, type: plan.type };
    }

    if (plan.type === "erasure") {
      for (const store of plan.stores) await step.run(`erase-${store}`, () => eraseStore(tenantId, requestId, store));
      await step.run("complete", () => completeRequest(tenantId, requestId));
      await step.run("notify", () => notifyCompleted(tenantId, requestId));
      return { requestId, type: plan.type };
    }

    await step.run("apply", () => applyFlags(tenantId, requestId));
    await step.run("complete", () => completeRequest(tenantId, requestId));
    await step.run("notify", () => notifyCompleted(tenantId, requestId));
    return { requestId, type: plan.type };
  },
);
