import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import { withTenant } from "@/lib/db/client";
import { env } from "@/lib/env";
import { now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send";
import { emailLayout } from "@/lib/email/layout";
import { recordAudit } from "@/lib/audit/record";
import { log } from "@/lib/log";
import { SUBPROCESSORS, type TSubprocessor } from "@/lib/marketing/subprocessors";
import { tenantIds } from "@/lib/retention/purge";

/**
 * "A change is announced to tenants by email and in the dashboard": the list
 * in lib/marketing/subprocessors.ts has a version (hash of its content). When
 * it changes, every tenant gets a SubprocessorNotice (what was added, removed
 * or changed), its owners get an email, and admins see a banner until one of
 * them dismisses it. A tenant seen for the first time gets a silent baseline.
 */
type TEntry = Pick<TSubprocessor, "id" | "name" | "purpose" | "region" | "transferMechanism" | "engagement">;
export type TNoticeChanges = { added: string[]; removed: string[]; changed: string[]; entries: TEntry[] };

export function subprocessorEntries(list: readonly TSubprocessor[] = SUBPROCESSORS): TEntry[] {
  return list.map(({ id, name, purpose, region, transferMechanism, engagement }) => ({ id, name, purpose, region, transferMechanism, engagement }));
}

export function subprocessorListVersion(list: readonly TSubprocessor[] = SUBPROCESSORS): string {
  return createHash("sha256").update(JSON.stringify(subprocessorEntries(list))).digest("hex").slice(0, 16);
}

// Entries come back from jsonb with their keys reordered: compare field by field.
const fingerprint = (e: TEntry) => [e.name, e.purpose, e.region, e.transferMechanism, e.engagement].join("\u0000");

export function diffEntries(before: readonly TEntry[], after: readonly TEntry[]): Omit<TNoticeChanges, "entries"> {
  const prev = new Map(before.map((e) => [e.id, e]));
  const next = new Map(after.map((e) => [e.id, e]));
  return {
    added: after.filter((e) => !prev.has(e.id)).map((e) => e.name),
    removed: before.filter((e) => !next.has(e.id)).map((e) => e.name),
    changed: after.filter((e) => prev.has(e.id) && fingerprint(prev.get(e.id)!) !== fingerprint(e)).map((e) => e.name),
  };
}

export function describeChanges(c: Omit<TNoticeChanges, "entries">): string {
  const parts = [
    c.added.length ? `added ${c.added.join(", ")}` : "",
    c.removed.length ? `removed ${c.removed.join(", ")}` : "",
    c.changed.length ? `updated the details of ${c.changed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? `Sotto ${parts.join("; ")}.` : "Sotto updated its sub-processor list.";
}

type TAnnounceResult = { tenants: number; baselines: number; notices: number; emails: number };

/** Announces the current list to every tenant that has not seen this version. Idempotent. */
export async function announceSubprocessorChanges(opts: { list?: readonly TSubprocessor[] } = {}): Promise<TAnnounceResult> {
  const list = opts.list ?? SUBPROCESSORS;
  const version = subprocessorListVersion(list);
  const entries = subprocessorEntries(list);
  const out: TAnnounceResult = { tenants: 0, baselines: 0, notices: 0, emails: 0 };
  for (const tenantId of await tenantIds()) {
    out.tenants++;
    const created = await withTenant(tenantId, async (tx) => {
      const latest = await tx.subprocessorNotice.findFirst({ where: { tenantId }, orderBy: { createdAt: "desc" } });
      if (latest?.version === version) return null;
      if (!latest) {
        await tx.subprocessorNotice.create({ data: { tenantId, version, baseline: true, dismissedAt: now(), changes: { added: [], removed: [], changed: [], entries } as Prisma.InputJsonValue } });
        out.baselines++;
        return null;
      }
      const previous = ((latest.changes as TNoticeChanges | null)?.entries ?? []) as TEntry[];
      const changes: TNoticeChanges = { ...diffEntries(previous, entries), entries };
      const notice = await tx.subprocessorNotice.upsert({
        where: { tenantId_version: { tenantId, version } },
        create: { tenantId, version, changes: changes as unknown as Prisma.InputJsonValue },
        update: {},
        select: { id: true, emailedAt: true },
      });
      const owners = await tx.membership.findMany({ where: { tenantId, role: "owner" }, select: { user: { select: { email: true } } } });
      const tenant = await tx.tenant.findFirst({ where: { id: tenantId }, select: { name: true, slug: true } });
      return notice.emailedAt ? null : { noticeId: notice.id, owners: owners.map((o) => o.user.email), tenant, changes };
    });
    if (!created?.tenant) continue;
    out.notices++;
    const summary = describeChanges(created.changes);
    const { html, text } = emailLayout({
      title: "Sotto's sub-processors are changing",
      intro: `${summary} As your processor, Sotto tells you before a change takes effect, as the data processing agreement provides; you may object within 30 days.`,
      actionLabel: "See the sub-processor list",
      actionUrl: new URL("/legal/subprocessors", env.APP_URL).toString(),
      outro: `You receive this as an owner of ${created.tenant.name} on Sotto.`,
    });
    for (const to of created.owners) {
      try {
        await sendEmail({ to, subject: `Sub-processor change for ${created.tenant.name}`, html, text });
        out.emails++;
      } catch (error) {
        log.warn("sub-processor notice email not sent", { error: String(error) });
      }
    }
    await withTenant(tenantId, (tx) => tx.subprocessorNotice.update({ where: { id: created.noticeId }, data: { emailedAt: now() } }));
  }
  return out;
}

/** The notice an admin should see, if any. A banner must never take the dashboard down: on error, none. */
export async function pendingNotice(tenantId: string) {
  const n = await withTenant(tenantId, (tx) =>
    tx.subprocessorNotice.findFirst({ where: { tenantId, baseline: false, dismissedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true, changes: true, createdAt: true } }),
  ).catch((error: unknown) => {
    log.warn("sub-processor notice not loaded", { error: String(error) });
    return null;
  });
  return n ? { id: n.id, summary: describeChanges(n.changes as TNoticeChanges), createdAt: n.createdAt } : null;
}

export async function dismissNotice(tenantId: string, actor: { userId: string; email: string }, noticeId: string): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    const { count } = await tx.subprocessorNotice.updateMany({ where: { tenantId, id: noticeId, dismissedAt: null }, data: { dismissedAt: now(), dismissedById: actor.userId } });
    if (count) await recordAudit(tx, { tenantId, action: "subprocessor.notice_dismissed", actor: { userId: actor.userId, email: actor.email }, target: { type: "SubprocessorNotice", id: noticeId } });
  });
}
