import "server-only";
import { z } from "zod";
import type { TTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { IdentityKind } from "@/lib/db/generated/enums";
import { toE164 } from "@/lib/inbox/phone";
import { txQuery, type TQuery, type TSubject } from "./registry";

export type TIdentityInput = { kind: "email"; value: string } | { kind: "phone"; value: string };

const ZEmail = z.email();

/** An email address (lower-cased) or a phone number (E.164); null for anything else. */
export function parseIdentity(raw: string): TIdentityInput | null {
  const s = raw.trim();
  if (s.includes("@")) return ZEmail.safeParse(s).success ? { kind: "email", value: s.toLowerCase() } : null;
  const phone = toE164(s.replace(/[\s().-]/g, ""));
  return phone ? { kind: "phone", value: phone } : null;
}

/** Where the verification code and replies go: an identity on file, never one the requester typed anew. */
export type TDelivery = { via: "email"; to: string } | { via: "channel"; conversationId: string };

export type TFoundSubject = {
  contactIds: string[];
  identities: TSubject["identities"];
  userId: string | null;
  identityKind: IdentityKind;
  identityValue: string;
};

const REPLY_CHANNELS = ["whatsapp", "twilio_whatsapp", "twilio_sms"] as const;

/** The contact and everything merged into it (merges point at the surviving contact). */
async function withMerged(tx: TTx, tenantId: string, ids: string[]): Promise<string[]> {
  const roots = new Set<string>();
  for (const id of ids) {
    let current = id;
    for (let i = 0; i < 5; i++) {
      const row = await tx.contact.findFirst({ where: { tenantId, id: current }, select: { mergedIntoId: true } });
      if (!row?.mergedIntoId) break;
      current = row.mergedIntoId;
    }
    roots.add(current);
  }
  const all = new Set(roots);
  let frontier = [...roots];
  for (let depth = 0; depth < 5 && frontier.length; depth++) {
    const merged = await tx.contact.findMany({ where: { tenantId, mergedIntoId: { in: frontier } }, select: { id: true } });
    frontier = merged.map((m) => m.id).filter((id) => !all.has(id));
    frontier.forEach((id) => all.add(id));
  }
  return [...all];
}

async function contactIdsFor(tx: TTx, tenantId: string, identity: TIdentityInput): Promise<string[]> {
  if (identity.kind === "email") {
    const [byIdentity, byField] = await Promise.all([
      tx.contactIdentity.findMany({ where: { tenantId, kind: "email", value: { equals: identity.value, mode: "insensitive" } }, select: { contactId: true } }),
      tx.contact.findMany({ where: { tenantId, email: { equals: identity.value, mode: "insensitive" } }, select: { id: true } }),
    ]);
    return [...new Set([...byIdentity.map((i) => i.contactId), ...byField.map((c) => c.id)])];
  }
  const digits = identity.value.slice(1);
  const [byIdentity, byField] = await Promise.all([
    tx.contactIdentity.findMany({
      where: { tenantId, OR: [{ kind: "phone", value: identity.value }, { kind: "wa_id", value: digits }] },
      select: { contactId: true },
    }),
    tx.contact.findMany({ where: { tenantId, phone: identity.value }, select: { id: true } }),
  ]);
  return [...new Set([...byIdentity.map((i) => i.contactId), ...byField.map((c) => c.id)])];
}

/** Identity values on file for these contacts (used to find raw webhook payloads about them). */
export async function identitiesOf(q: TQuery, tenantId: string, contactIds: string[]): Promise<TSubject["identities"]> {
  if (!contactIds.length) return [];
  // One statement (fulfilment runs it on the raw pool): identities on file, then the contacts' own email and phone.
  const rows = await q<{ src: "identity" | "contact"; kind: IdentityKind | null; value: string | null; email: string | null; phone: string | null }>(Prisma.sql`
    SELECT 'identity' AS src, i.kind::text AS kind, i.value, NULL AS email, NULL AS phone FROM "ContactIdentity" i WHERE i."tenantId" = ${tenantId} AND i."contactId" = ANY(${contactIds}::text[])
    UNION ALL
    SELECT 'contact', NULL, NULL, c.email, c.phone FROM "Contact" c WHERE c."tenantId" = ${tenantId} AND c.id = ANY(${contactIds}::text[])`);
  const out = new Map<string, { kind: IdentityKind; value: string }>();
  for (const i of rows) if (i.src === "identity" && i.kind && i.value !== null) out.set(`${i.kind}:${i.value}`, { kind: i.kind, value: i.value });
  for (const c of rows) {
    if (c.src !== "contact") continue;
    if (c.email) out.set(`email:${c.email.toLowerCase()}`, { kind: "email", value: c.email.toLowerCase() });
    if (c.phone) out.set(`phone:${c.phone}`, { kind: "phone", value: c.phone });
  }
  return [...out.values()];
}

/**
 * Resolves an identity to the data subject in one tenant, or null when nothing
 * is on file. In the platform tenant a dashboard account with that email counts too.
 */
export async function findSubject(tx: TTx, tenantId: string, identity: TIdentityInput, opts: { platform: boolean }): Promise<TFoundSubject | null> {
  const direct = await contactIdsFor(tx, tenantId, identity);
  const contactIds = direct.length ? await withMerged(tx, tenantId, direct) : [];
  let userId: string | null = null;
  if (opts.platform && identity.kind === "email") {
    const rows = await tx.$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${identity.value}) AS id`;
    userId = rows[0]?.id ?? null;
  }
  if (!contactIds.length && !userId) return null;
  return {
    contactIds,
    identities: await identitiesOf(txQuery(tx), tenantId, contactIds),
    userId,
    identityKind: identity.kind === "email" ? "email" : "phone",
    identityValue: identity.value,
  };
}

/** How to reach the requester through the identity on file; null when there is no way. */
export async function deliveryFor(tx: TTx, tenantId: string, r: { identityKind: IdentityKind; identityValue: string; contactIds: string[] }): Promise<TDelivery | null> {
  if (r.identityKind === "email") return { via: "email", to: r.identityValue };
  if (!r.contactIds.length) return null;
  const conversation = await tx.conversation.findFirst({
    where: { tenantId, contactId: { in: r.contactIds }, channel: { type: { in: [...REPLY_CHANNELS] }, status: "active" } },
    orderBy: { lastActivityAt: "desc" },
    select: { id: true },
  });
  return conversation ? { via: "channel", conversationId: conversation.id } : null;
}
