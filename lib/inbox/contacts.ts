import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { ActionError } from "@/lib/actions/errors";
import { now } from "@/lib/clock";
import { auditInbox, type TAuditCtx } from "./audit";
import { effectiveStatus } from "./filters";
import type { TInboxActor } from "./conversations";
import type { TChannelType, TContactDetail, TContactMatch } from "./types";

/** The contact panel: identities, attributes, opt-ins, past conversations; and editing. */
export function attributesOf(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

export async function getContactDetail(tx: TTx, tenantId: string, contactId: string): Promise<TContactDetail | null> {
  const at = now();
  const c = await tx.contact.findFirst({
    where: { tenantId, id: contactId },
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      locale: true,
      attributes: true,
      restricted: true,
      noProfiling: true,
      lastSeenAt: true,
      createdAt: true,
      mergedIntoId: true,
      identities: { select: { id: true, kind: true, value: true, channelId: true }, orderBy: { createdAt: "asc" } },
      conversations: {
        select: { id: true, status: true, snoozedUntil: true, lastActivityAt: true, lastMessagePreview: true, channel: { select: { type: true, name: true } } },
        orderBy: { lastActivityAt: "desc" },
        take: 20,
      },
    },
  });
  if (!c) return null;
  const channelIds = [...new Set(c.identities.map((i) => i.channelId).filter((x): x is string => !!x))];
  const [channels, optIns, mergedFrom] = await Promise.all([
    channelIds.length ? tx.channel.findMany({ where: { id: { in: channelIds } }, select: { id: true, name: true } }) : Promise.resolve([]),
    tx.contactOptIn.findMany({ where: { tenantId, contactId }, select: { channelType: true, status: true, source: true, changedAt: true }, orderBy: { channelType: "asc" } }),
    tx.contact.count({ where: { tenantId, mergedIntoId: contactId } }),
  ]);
  const channelName = new Map(channels.map((ch) => [ch.id, ch.name]));
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    locale: c.locale,
    attributes: attributesOf(c.attributes),
    restricted: c.restricted,
    noProfiling: c.noProfiling,
    lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    identities: c.identities.map((i) => ({ id: i.id, kind: i.kind, value: i.value, channelName: i.channelId ? (channelName.get(i.channelId) ?? null) : null })),
    optIns: optIns.map((o) => ({ channelType: o.channelType as TChannelType, status: o.status, source: o.source, changedAt: o.changedAt.toISOString() })),
    conversations: c.conversations.map((cv) => ({
      id: cv.id,
      status: effectiveStatus({ status: cv.status, snoozedUntil: cv.snoozedUntil }, at),
      channelType: cv.channel.type as TChannelType,
      channelName: cv.channel.name,
      lastActivityAt: cv.lastActivityAt.toISOString(),
      preview: cv.lastMessagePreview,
    })),
    mergedFrom,
  };
}

/** Candidates for "merge with…": by name, email, phone or identity value. Merged contacts are not offered. */
export async function searchContacts(tx: TTx, tenantId: string, q: string, excludeId: string | null): Promise<TContactMatch[]> {
  const term = q.trim().slice(0, 100);
  if (!term) return [];
  const like = `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await tx.$queryRaw<{ id: string; name: string | null; email: string | null; phone: string | null; conversations: number }[]>(Prisma.sql`
    SELECT ct.id, ct.name, ct.email, ct.phone,
      (SELECT count(*)::int FROM "Conversation" cv WHERE cv."tenantId" = ${tenantId} AND cv."contactId" = ct.id) AS conversations
    FROM "Contact" ct
    WHERE ct."tenantId" = ${tenantId} AND ct."mergedIntoId" IS NULL
      AND (${excludeId}::text IS NULL OR ct.id <> ${excludeId}::text)
      AND (ct.name ILIKE ${like} OR ct.email ILIKE ${like} OR ct.phone ILIKE ${like}
        OR EXISTS (SELECT 1 FROM "ContactIdentity" i WHERE i."tenantId" = ${tenantId} AND i."contactId" = ct.id AND i.value ILIKE ${like}))
    ORDER BY ct."updatedAt" DESC
    LIMIT 8`);
  return rows.map((r) => ({ ...r, conversations: Number(r.conversations) }));
}

export async function updateContact(
  actor: TInboxActor,
  input: { contactId: string; name?: string | null; attributes?: { key: string; value: string }[] },
  ctx: TAuditCtx,
): Promise<TContactDetail> {
  return withTenant(actor.tenant.id, async (tx) => {
    const c = await tx.contact.findFirst({ where: { id: input.contactId }, select: { id: true, attributes: true, mergedIntoId: true } });
    if (!c) throw new ActionError("not_found", "That contact no longer exists.");
    if (c.mergedIntoId) throw new ActionError("conflict", "This contact was merged into another one; edit that one instead.");
    const data: Prisma.ContactUpdateInput = {};
    const changed: string[] = [];
    if (input.name !== undefined) {
      data.name = input.name || null;
      changed.push("name");
    }
    if (input.attributes) {
      const before = attributesOf(c.attributes);
      const after = Object.fromEntries(input.attributes.filter((a) => a.value !== "").map((a) => [a.key, a.value]));
      data.attributes = after;
      const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
      for (const k of keys) if (before[k] !== after[k]) changed.push(`attributes.${k}`);
    }
    if (changed.length) {
      await tx.contact.update({ where: { id: c.id }, data });
      // Names only: values are personal data and the audit log is kept longer than contacts.
      await auditInbox(tx, actor, ctx, "contact.updated", { type: "contact", id: c.id }, { fields: changed.slice(0, 50) });
    }
    return (await getContactDetail(tx, actor.tenant.id, c.id))!;
  });
}
