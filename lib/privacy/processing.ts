import "server-only";
import { withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { csvRow } from "@/lib/audit/csv";
import { log } from "@/lib/log";
import { ZConsentPolicy } from "@/lib/consent/schemas";
import { effectiveMonths } from "@/lib/retention/categories";
import { platformIntegrations, type TPlatformIntegrations } from "./ropa/integrations";
import type { TActivity, TProcessingContext, TRecipient } from "./ropa/registry";
import { ACTIVITY_SOURCES } from "./ropa/sources/all";

/**
 * Records of processing (GDPR Art. 30), generated from the tenant's live
 * configuration by the sources registered in lib/privacy/ropa/sources/all.ts:
 * connected channels and their providers, the deployment's configured
 * integrations (email delivery, attachment storage, background jobs, mailbox
 * OAuth), the consent manager's vendors, retention settings and Sotto's
 * sub-processors. Nothing is typed by hand, so the record cannot drift from
 * what the workspace actually does.
 */
export type TRecipientSummary = TRecipient & { activities: string[] };
export type TRecordsOfProcessing = { tenantName: string; generatedAt: string; activities: TActivity[]; recipients: TRecipientSummary[] };

export async function recordsOfProcessing(tenantId: string, opts: { platform?: TPlatformIntegrations } = {}): Promise<TRecordsOfProcessing> {
  const platform = opts.platform ?? platformIntegrations();
  const activities = await withTenant(tenantId, async (tx) => {
    const [tenant, channels, settings, consent] = await Promise.all([
      tx.tenant.findFirst({ where: { id: tenantId }, select: { name: true } }),
      tx.channel.findMany({ where: { tenantId, status: "active" }, select: { id: true, type: true, name: true, sandbox: true, credentials: true }, orderBy: { createdAt: "asc" } }),
      tx.retentionSetting.findMany({ where: { tenantId }, select: { category: true, months: true } }),
      tx.consentConfig.findUnique({ where: { tenantId }, select: { policy: true } }),
    ]);
    const policy = consent ? ZConsentPolicy.safeParse(consent.policy) : null;
    if (policy && !policy.success) log.error("stored consent policy does not validate", { tenantId });
    const ctx: TProcessingContext = {
      tenantId,
      controller: tenant?.name ?? "",
      channels,
      retentionMonths: effectiveMonths(settings),
      consentPolicy: policy?.success ? policy.data : null,
      platform,
    };
    const out: TActivity[] = [];
    for (const source of ACTIVITY_SOURCES) out.push(...(await source.activities(ctx, tx)));
    return { controller: ctx.controller, list: out };
  });
  const ids = new Set<string>();
  for (const a of activities.list) {
    if (ids.has(a.id)) throw new Error(`processing activity listed twice: ${a.id}`);
    ids.add(a.id);
  }
  return { tenantName: activities.controller, generatedAt: now().toISOString(), activities: activities.list, recipients: summariseRecipients(activities.list) };
}

/** Each recipient once, with every activity it takes part in and the union of what it receives. */
export function summariseRecipients(activities: readonly TActivity[]): TRecipientSummary[] {
  const byKey = new Map<string, TRecipientSummary>();
  for (const a of activities) {
    for (const r of a.recipients) {
      const key = `${r.name}\u0000${r.role}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { ...r, dataCategories: [...r.dataCategories], activities: [a.name] });
      else {
        seen.activities.push(a.name);
        for (const d of r.dataCategories) if (!seen.dataCategories.includes(d)) seen.dataCategories.push(d);
      }
    }
  }
  return [...byKey.values()];
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
          a.recipients.map((r) => `${r.name} (${r.role}, ${r.region}; receives: ${r.dataCategories.join(", ")}; keeps: ${r.retention})`).join("; "),
          [...new Set(a.recipients.map((r) => `${r.name}: ${r.transferMechanism}`))].join("; "),
          a.retention,
          a.security,
        ]),
      )
      .join("")
  );
}
