import { cron } from "inngest";
import { activeEmailChannels } from "@/lib/email-channel/active";
import { pollEmailChannel } from "@/lib/email-channel/poll-channel";
import { inngest } from "../client";

/**
 * Every minute: fetch new mail of every live email channel (IMAP, cursor per
 * channel; see lib/email-channel/poll.ts). One step per channel, run in
 * parallel, so a slow or broken mailbox neither delays nor fails the others
 * (pollEmailChannel records its own errors and never throws for them).
 * Concurrency 1: a run that outlasts the minute is not overlapped by the next.
 */
export const pollEmailCron = inngest.createFunction(
  { id: "poll-email", name: "Poll email channels", triggers: [cron("* * * * *")], retries: 0, concurrency: 1 },
  async ({ step }) => {
    const channels = await step.run("list-channels", () => activeEmailChannels());
    const outcomes = await Promise.all(
      channels.map((c) =>
        step.run(`poll-${c.channelId}`, async () => {
          const o = await pollEmailChannel(c.tenantId, c.channelId);
          return o.status === "polled"
            ? { status: o.status, imported: o.result.imported, duplicates: o.result.duplicates, skipped: o.result.skipped }
            : o.status === "failed"
              ? { status: o.status, error: o.error }
              : { status: o.status, reason: o.reason };
        }),
      ),
    );
    return { channels: channels.length, imported: outcomes.reduce((n, o) => n + ("imported" in o ? o.imported : 0), 0), failed: outcomes.filter((o) => o.status === "failed").length };
  },
);
