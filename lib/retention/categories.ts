import { z } from "zod";
import { formatRetention, RETENTION_RULES, type TRetentionCategoryId, type TRetentionRule } from "@/lib/marketing/retention";

/**
 * Per-tenant retention: the categories and defaults of Sotto's privacy policy
 * (lib/marketing/retention.ts, the one source), the range a tenant may choose
 * in, and the tables the purge works on. A tenant may shorten a configurable
 * period down to one month, never lengthen it past the policy's promise.
 */
export type TRetentionCategory = {
  id: TRetentionCategoryId;
  label: string;
  rule: TRetentionRule;
  /** The policy's period in months; null when it is not a fixed period (while active, cookie policy). */
  defaultMonths: number | null;
  configurable: boolean;
  minMonths: number;
  maxMonths: number;
  /** What the purge deletes for this category; empty while no store of it exists yet. */
  tables: readonly string[];
  defaultLabel: string;
};

const MIN_MONTHS = 1;

const TABLES: Partial<Record<TRetentionCategoryId, readonly string[]>> = {
  "conversation-logs": ["Message", "Attachment", "Conversation"],
  "api-webhook-logs": ["WebhookEvent", "DeliveryLog"],
};

function monthsOf(rule: TRetentionRule): number | null {
  if (rule.period.kind !== "fixed") return null;
  const { unit, value } = rule.period.duration;
  return unit === "months" ? value : Math.max(1, Math.round(value / 30));
}

export const RETENTION_CATEGORIES: readonly TRetentionCategory[] = RETENTION_RULES.filter((r) => r.id !== "billing-invoices" && r.id !== "account-data").map((rule) => {
  const defaultMonths = monthsOf(rule);
  const configurable = rule.tenantConfigurable && defaultMonths !== null;
  return {
    id: rule.id,
    label: rule.category,
    rule,
    defaultMonths,
    configurable,
    minMonths: configurable ? MIN_MONTHS : defaultMonths ?? 0,
    maxMonths: defaultMonths ?? 0,
    tables: TABLES[rule.id] ?? [],
    defaultLabel: formatRetention(rule),
  };
});

export function retentionCategory(id: string): TRetentionCategory | undefined {
  return RETENTION_CATEGORIES.find((c) => c.id === id);
}

export type TRetentionMonths = Partial<Record<TRetentionCategoryId, number>>;

/** The months in force per purgeable category: the tenant's setting or the policy default. */
export function effectiveMonths(settings: readonly { category: string; months: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of RETENTION_CATEGORIES) {
    if (c.defaultMonths === null) continue;
    const s = settings.find((x) => x.category === c.id);
    out[c.id] = c.configurable && s ? s.months : c.defaultMonths;
  }
  return out;
}

/**
 * A proposed set of periods, all or nothing: any value outside its range, for
 * an unknown category, or for one the tenant may not change refuses the whole
 * update with a message naming the category and its range.
 */
export const ZRetentionUpdate = z
  .record(z.string(), z.coerce.number({ error: "Enter a whole number of months." }))
  .superRefine((values, ctx) => {
    for (const [id, months] of Object.entries(values)) {
      const c = retentionCategory(id);
      if (!c) {
        ctx.addIssue({ code: "custom", path: [id], message: `Unknown retention category "${id}".` });
        continue;
      }
      if (!c.configurable) {
        ctx.addIssue({ code: "custom", path: [id], message: `${c.label}: this period is fixed by Sotto's privacy policy (${c.defaultLabel}).` });
        continue;
      }
      if (!Number.isInteger(months) || months < c.minMonths || months > c.maxMonths) {
        ctx.addIssue({ code: "custom", path: [id], message: `${c.label}: choose between ${c.minMonths} and ${c.maxMonths} months.` });
      }
    }
  })
  .transform((v) => v as TRetentionMonths);
