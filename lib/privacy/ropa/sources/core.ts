import { retentionCategory } from "@/lib/retention/categories";
import { HARD_DELETE_AFTER_DAYS } from "@/lib/retention/purge";
import { platformRecipients } from "../platform-recipients";
import { defineActivitySource, monthsText, SECURITY, sotto, type TProcessingContext } from "../registry";

/** What every workspace does in Sotto whatever it connects: channel logs, privacy requests, its team's accounts. */
export const coreSource = defineActivitySource({
  name: "core",
  activities(ctx: TProcessingContext) {
    const { controller } = ctx;
    const logs = monthsText(ctx.retentionMonths["api-webhook-logs"], `, then deleted within ${HARD_DELETE_AFTER_DAYS} days`);
    const logData = ["Raw provider payloads (identifiers, message metadata)", "Delivery outcomes"];
    const dsrRetention = "Kept to demonstrate compliance (Art. 5(2)); exports expire after 7 days";
    const dsrData = ["Email address or phone number on file", "Request details and decisions", "One-time codes (stored only as a keyed hash)"];
    const security = monthsText(retentionCategory("security-logs")?.defaultMonths ?? undefined, " for security logs");
    const accountData = ["Name and work email", "Role", "Sign-in and admin events with truncated IP addresses"];
    return [
      ...(ctx.channels.length
        ? [
            {
              id: "webhook-logs",
              name: "Channel webhook and delivery logs",
              purpose: "Reliable delivery, debugging integrations and investigating abuse",
              legalBasis: "Legitimate interest in a working, secure service (Art. 6(1)(f))",
              controller,
              processor: "Sotto",
              dataSubjects: `Customers who message ${controller}`,
              dataCategories: logData,
              recipients: [sotto(logData, logs), ...platformRecipients(ctx, { jobs: true }, logs)],
              retention: logs,
              security: SECURITY,
            },
          ]
        : []),
      {
        id: "data-subject-requests",
        name: "Data-subject requests (privacy center)",
        purpose: "Verifying requesters and answering access, erasure and other rights requests",
        legalBasis: "Legal obligation (Art. 6(1)(c), Arts. 12-22)",
        controller,
        processor: "Sotto",
        dataSubjects: "People who make a privacy request",
        dataCategories: dsrData,
        recipients: [sotto(dsrData, dsrRetention), ...platformRecipients(ctx, { email: "verification and reply email", jobs: true }, dsrRetention)],
        retention: dsrRetention,
        security: SECURITY,
      },
      {
        id: "workspace-accounts",
        name: "Workspace members and audit trail",
        purpose: "Signing team members in, access control and accountability",
        legalBasis: "Contract with Sotto (Art. 6(1)(b)); legitimate interest in security (Art. 6(1)(f))",
        controller,
        processor: "Sotto",
        dataSubjects: `${controller}'s team members`,
        dataCategories: accountData,
        recipients: [sotto(accountData, security), ...platformRecipients(ctx, { email: "sign-in email" }, security)],
        retention: security,
        security: SECURITY,
      },
    ];
  },
});
