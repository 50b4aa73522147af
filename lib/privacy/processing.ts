import "server-only";
import { withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import type { ChannelType } from "@/lib/db/generated/enums";
import { csvRow } from "@/lib/audit/csv";
import { getSubprocessor, type TSubprocessorId } from "@/lib/marketing/subprocessors";
import { effectiveMonths, retentionCategory } from "@/lib/retention/categories";
import { HARD_DELETE_AFTER_DAYS } from "@/lib/retention/purge";
import { CHANNEL_LABELS } from "@/lib/outbound/policy";

/**
 * Records of processing (GDPR Art. 30), generated from the tenant's live
 * configuration: one activity per enabled channel type and one per feature
 * that always runs, with recipients taken from lib/marketing/subprocessors.ts
 * and retention from the tenant's retention settings. Nothing here is typed
 * by hand, so the record cannot drift from what the workspace actually does.
 */
export type TRecipient = { name: string; role: string; region: string; transferMechanism: string };
export type TActivity = {
  id: string;
  name: string;
  purpose: string;
  legalBasis: string;
  controller: string;
  processor: string;
  dataSubjects: string;
  dataCategories: string[];
  recipients: TRecipient[];
  retention: string;
  security: string;
};

const SECURITY = "TLS in transit; encrypted storage and backups; secrets under an AES-256-GCM key ring; tenant isolation by PostgreSQL row-level security; role-based access; tamper-evident audit trail";

const CHANNEL_PROVIDER: Record<ChannelType, TSubprocessorId | null> = {
  widget: null,
  whatsapp: "meta",
  messenger: "meta",
  instagram: "meta",
  twilio_sms: "twilio",
  twilio_whatsapp: "twilio",
  email: null,
};

const sub = (id: TSubprocessorId, role: string): TRecipient => {
  const s = getSubprocessor(id);
  return { name: s.name, role, region: s.region, transferMechanism: s.transferMechanism };
};

const SOTTO: TRecipient = { name: "Sotto", role: "Processor (platform)", region: "European Union", transferMechanism: "Not needed: data stays in the EU/EEA" };

function months(n: number | undefined, suffix = ""): string {
  return n === undefined ? "See the privacy policy" : `${n} month${n === 1 ? "" : "s"}${suffix}`;
}

export async function recordsOfProcessing(tenantId: string): Promise<{ tenantName: string; generatedAt: string; activities: TActivity[] }> {
  const { tenant, channels, settings } = await withTenant(tenantId, async (tx) => ({
    tenant: await tx.tenant.findFirst({ where: { id: tenantId }, select: { name: true } }),
    channels: await tx.channel.findMany({ where: { tenantId, status: "active" }, select: { type: true, name: true }, orderBy: { createdAt: "asc" } }),
    settings: await tx.retentionSetting.findMany({ where: { tenantId }, select: { category: true, months: true } }),
  }));
  const controller = tenant?.name ?? "";
  const m = effectiveMonths(settings);
  const grace = `, then deleted within ${HARD_DELETE_AFTER_DAYS} days`;
  const hosting = sub("hosting", "Sub-processor (hosting)");
  const activities: TActivity[] = [];

  const byType = new Map<ChannelType, string[]>();
  for (const c of channels) byType.set(c.type, [...(byType.get(c.type) ?? []), c.name]);
  for (const [type, names] of byType) {
    const provider = CHANNEL_PROVIDER[type];
    activities.push({
      id: `conversations-${type}`,
      name: `Customer conversations on ${CHANNEL_LABELS[type]} (${names.join(", ")})`,
      purpose: "Answering customers' messages and keeping the conversation history for follow-ups",
      legalBasis: "Performance of a contract or steps before one (Art. 6(1)(b)); legitimate interest in customer service (Art. 6(1)(f))",
      controller,
      processor: "Sotto",
      dataSubjects: `Customers and prospects who contact ${controller}`,
      dataCategories: [
        "Contact details (name, email or phone number, channel ids)",
        "Message content and attachments",
        "Delivery and read status",
        ...(type === "widget" ? ["Pseudonymous visitor id"] : []),
      ],
      recipients: [SOTTO, hosting, ...(provider ? [sub(provider, `Sub-processor (${CHANNEL_LABELS[type]} channel)`)] : []), ...(type === "email" ? [{ name: `${controller}'s email provider`, role: "The workspace's own mailbox", region: "As contracted by the workspace", transferMechanism: "As contracted by the workspace" }] : [])],
      retention: months(m["conversation-logs"], grace),
      security: SECURITY,
    });
  }

  activities.push({
    id: "webhook-logs",
    name: "Channel webhook and delivery logs",
    purpose: "Reliable delivery, debugging integrations and investigating abuse",
    legalBasis: "Legitimate interest in a working, secure service (Art. 6(1)(f))",
    controller,
    processor: "Sotto",
    dataSubjects: `Customers who message ${controller}`,
    dataCategories: ["Raw provider payloads (identifiers, message metadata)", "Delivery outcomes"],
    recipients: [SOTTO, hosting],
    retention: months(m["api-webhook-logs"], grace),
    security: SECURITY,
  });

  activities.push({
    id: "data-subject-requests",
    name: "Data-subject requests (privacy center)",
    purpose: "Verifying requesters and answering access, erasure and other rights requests",
    legalBasis: "Legal obligation (Art. 6(1)(c), Arts. 12-22)",
    controller,
    processor: "Sotto",
    dataSubjects: "People who make a privacy request",
    dataCategories: ["Email address or phone number on file", "Request details and decisions", "One-time codes (stored only as a keyed hash)"],
    recipients: [SOTTO, hosting, sub("resend", "Sub-processor (verification and reply email)")],
    retention: "Kept to demonstrate compliance (Art. 5(2)); exports expire after 7 days",
    security: SECURITY,
  });

  activities.push({
    id: "workspace-accounts",
    name: "Workspace members and audit trail",
    purpose: "Signing team members in, access control and accountability",
    legalBasis: "Contract with Sotto (Art. 6(1)(b)); legitimate interest in security (Art. 6(1)(f))",
    controller,
    processor: "Sotto",
    dataSubjects: `${controller}'s team members`,
    dataCategories: ["Name and work email", "Role", "Sign-in and admin events with truncated IP addresses"],
    recipients: [SOTTO, hosting, sub("resend", "Sub-processor (sign-in email)")],
    retention: months(retentionCategory("security-logs")?.defaultMonths ?? undefined, " for security logs"),
    security: SECURITY,
  });

  return { tenantName: controller, generatedAt: now().toISOString(), activities };
}

const COLUMNS = ["Activity", "Purpose", "Legal basis", "Controller", "Processor", "Data subjects", "Data categories", "Recipients", "Transfers outside the EU/EEA", "Retention", "Security measures"];

export function recordsCsv(activities: readonly TActivity[]): string {
  return (
    csvRow(COLUMNS) +
    activities
      .map((a) =>
        csvRow([
          a.name,
          a.purpose,
          a.legalBasis,
          a.controller,
          a.processor,
          a.dataSubjects,
          a.dataCategories.join("; "),
          a.recipients.map((r) => `${r.name} (${r.role}, ${r.region})`).join("; "),
          [...new Set(a.recipients.map((r) => r.transferMechanism))].join("; "),
          a.retention,
          a.security,
        ]),
      )
      .join("")
  );
}
