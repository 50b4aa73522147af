import { assembleExport, exportStore } from "@/lib/privacy/fulfil";
import { DATA_STORES } from "@/lib/privacy/stores/all";
import { inngest } from "../client";
import { privacyVerificationExport } from "../privacy-events";

/** An admin's export of what is left about an erased subject: every store, for the dashboard only. */
export const privacyVerificationExportFn = inngest.createFunction(
  { id: "privacy-verification-export", name: "Privacy request: post-erasure verification export", triggers: [privacyVerificationExport], retries: 3 },
  async ({ event, step }) => {
    const { tenantId, requestId, exportId } = event.data;
    for (const store of DATA_STORES.map((s) => s.name)) {
      await step.run(`export-${store}`, () => exportStore(tenantId, requestId, exportId, store, { trackProgress: false }));
    }
    return step.run("assemble-export", () => assembleExport(tenantId, requestId, exportId));
  },
);
