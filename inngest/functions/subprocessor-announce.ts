import { cron } from "inngest";
import { announceSubprocessorChanges } from "@/lib/privacy/subprocessor-notices";
import { inngest } from "../client";

/** Daily: when the sub-processor list's version changed with a release, email tenant owners and raise the dashboard banner. */
export const subprocessorAnnounceCron = inngest.createFunction(
  { id: "subprocessor-announce", name: "Announce sub-processor changes", triggers: [cron("TZ=UTC 0 8 * * *")], retries: 3, concurrency: 1 },
  async ({ step }) => step.run("announce", () => announceSubprocessorChanges()),
);
