import "server-only";
import { withTenant } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { recordAudit } from "@/lib/audit/record";
import { effectiveMonths, RETENTION_CATEGORIES, ZRetentionUpdate, type TRetentionCategory } from "./categories";
import { dryRunPurge, type TPurgeCounts } from "./purge";

export type TRetentionRow = TRetentionCategory & { months: number | null; custom: boolean };

export async function retentionView(tenantId: string): Promise<TRetentionRow[]> {
  const rows = await withTenant(tenantId, (tx) => tx.retentionSetting.findMany({ where: { tenantId }, select: { category: true, months: true } }));
  const months = effectiveMonths(rows);
  return RETENTION_CATEGORIES.map((c) => ({ ...c, months: months[c.id] ?? null, custom: c.configurable && rows.some((r) => r.category === c.id) }));
}

export type TSaveRetention =
  | { saved: true; changed: string[] }
  | { saved: false; needsConfirmation: true; shorter: string[]; dryRun: TPurgeCounts };

/**
 * Saves the tenant's periods, all or nothing. A value outside its range
 * refuses the whole update (nothing is written). Shortening a period is saved
 * only once the caller has seen the dry run of what the next purge would
 * delete: without `confirmed` the answer is that dry run.
 */
export async function saveRetentionSettings(
  tenantId: string,
  actor: { userId: string; email: string; requestId?: string | null; ipPrefix?: string | null },
  raw: Record<string, unknown>,
  confirmed: boolean,
  opts: { at?: Date } = {},
): Promise<TSaveRetention> {
  const parsed = ZRetentionUpdate.safeParse(raw);
  if (!parsed.success) throw new ActionError("invalid", parsed.error.issues.map((i) => i.message).join(" "));
  const values = parsed.data;
  const current = effectiveMonths(await withTenant(tenantId, (tx) => tx.retentionSetting.findMany({ where: { tenantId }, select: { category: true, months: true } })));
  const changed = Object.entries(values).filter(([id, m]) => current[id] !== m);
  const shorter = changed.filter(([id, m]) => m! < (current[id] ?? Infinity)).map(([id]) => id);
  if (shorter.length && !confirmed) {
    return { saved: false, needsConfirmation: true, shorter, dryRun: await dryRunPurge(tenantId, { at: opts.at, months: values as Record<string, number> }) };
  }
  if (!changed.length) return { saved: true, changed: [] };
  await withTenant(tenantId, async (tx) => {
    for (const [category, months] of changed) {
      await tx.retentionSetting.upsert({
        where: { tenantId_category: { tenantId, category } },
        create: { tenantId, category, months: months!, updatedById: actor.userId },
        update: { months: months!, updatedById: actor.userId },
      });
    }
    await recordAudit(tx, {
      tenantId,
      action: "retention.settings_updated",
      actor: { userId: actor.userId, email: actor.email },
      target: { type: "RetentionSettings", id: tenantId },
      metadata: { changes: Object.fromEntries(changed.map(([id, m]) => [id, { from: current[id], to: m }])) },
      context: { requestId: actor.requestId ?? null, ipPrefix: actor.ipPrefix ?? null },
    });
  });
  return { saved: true, changed: changed.map(([id]) => id) };
}

export async function recentPurgeRuns(tenantId: string, take = 10) {
  return withTenant(tenantId, (tx) => tx.purgeRun.findMany({ where: { tenantId }, orderBy: { startedAt: "desc" }, take }));
}
