import { sendVerificationCode } from "@/lib/privacy/outcomes";
import { inngest } from "../client";
import { privacyCodeRequested } from "../privacy-events";

/**
 * Sends the one-time code of a privacy request. The code is generated inside
 * the step and never returned from it, so it stays out of Inngest's state; a
 * retry issues a new code (the old one stops working).
 */
export const privacySendCode = inngest.createFunction(
  { id: "privacy-send-code", name: "Privacy request: send verification code", triggers: [privacyCodeRequested], retries: 3 },
  async ({ event, step }) => {
    const { tenantId, requestId } = event.data;
    const { sent } = await step.run("send-code", () => sendVerificationCode(tenantId, requestId));
    return { requestId, sent };
  },
);
