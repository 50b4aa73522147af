import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { relayOutboxSoon } from "@/lib/inbox/outbox-relay";
import { acceptAll, NOTHING, OPTIONAL_CATEGORIES, withdrawnCategories, type TOptionalCategory, type TSelections } from "./categories";
import type { TPublicConsentConfig } from "./config";
import { checkChoice, type TRuleViolation } from "./rules";
import { offeredCategories, ZConsentPolicy, type TConsentPolicy, type TRecordInput } from "./schemas";

export type TRecordContext = { origin: string; country: string; uaFamily: string; userId: string | null };

export type TAppendResult =
  | { ok: true; status: 201 | 200; receiptId: string; seq: bigint; hash: string; withdrawn: TOptionalCategory[] }
  | { ok: false; status: 400; error: TRuleViolation | "nothing_to_withdraw" }
  | { ok: false; status: 409; error: "stale_policy"; current: { policyVersion: number; fingerprint: string } };

export const CONSENT_WITHDRAWN_EVENT = "consent.withdrawn";

const asSelections = (json: Prisma.JsonValue): TSelections => {
  const o = (json ?? {}) as Record<string, unknown>;
  return { necessary: true, functional: o.functional === true, analytics: o.analytics === true, advertising: o.advertising === true };
};

const sameChoice = (a: TSelections, b: TSelections) => OPTIONAL_CATEGORIES.every((c) => a[c] === b[c]);

/**
 * Appends one visitor choice to the tenant's consent chain. The server checks the
 * posted fingerprint against its own fingerprint of the CURRENT policy: a banner
 * showing anything else (stale cache, old tab, replay) gets 409 and the visitor
 * is asked again. A re-sent identical choice returns the existing receipt.
 * A choice that takes back categories granted before queues a withdrawal webhook
 * per vendor of those categories, in the same transaction (outbox).
 */
export async function appendConsentRecord(config: TPublicConsentConfig, input: TRecordInput, ctx: TRecordContext): Promise<TAppendResult> {
  if (input.fingerprint !== config.fingerprint || input.policyVersion !== config.policyVersion) {
    return { ok: false, status: 409, error: "stale_policy", current: { policyVersion: config.policyVersion, fingerprint: config.fingerprint } };
  }
  const violation = checkChoice(input, offeredCategories(config.policy));
  if (violation) return { ok: false, status: 400, error: violation };

  const tenantId = config.tenantId;
  const result = await withTenant(tenantId, async (tx): Promise<TAppendResult> => {
    const previous = await tx.consentRecord.findFirst({
      where: { tenantId, consentId: input.consentId },
      orderBy: { seq: "desc" },
      select: { id: true, seq: true, hash: true, fingerprint: true, method: true, selections: true, gpc: true },
    });
    const before = previous ? asSelections(previous.selections) : null;
    if (
      previous &&
      before &&
      previous.fingerprint === input.fingerprint &&
      previous.method === input.method &&
      previous.gpc === input.gpc &&
      sameChoice(before, input.selections)
    ) {
      return { ok: true, status: 200, receiptId: previous.id, seq: previous.seq, hash: previous.hash, withdrawn: [] };
    }
    const withdrawn = withdrawnCategories(before, input.selections);
    if (input.method === "withdraw" && withdrawn.length === 0) return { ok: false, status: 400, error: "nothing_to_withdraw" };

    const record = await tx.consentRecord.create({
      data: {
        tenantId,
        consentId: input.consentId,
        policyVersion: input.policyVersion,
        fingerprint: input.fingerprint,
        method: input.method,
        selections: input.selections,
        withdrawn,
        gpc: input.gpc,
        locale: input.locale,
        origin: ctx.origin,
        country: ctx.country,
        uaFamily: ctx.uaFamily,
        userId: ctx.userId,
        // The chain trigger owns these four; the values here are overwritten.
        seq: 0n,
        prevHash: "",
        hash: "",
        createdAt: new Date(0),
      },
      select: { id: true, seq: true, hash: true },
    });
    if (withdrawn.length) await queueWithdrawal(tx, tenantId, config.policy, record.id, withdrawn);
    return { ok: true, status: 201, receiptId: record.id, seq: record.seq, hash: record.hash, withdrawn };
  });
  if (result.ok && result.withdrawn.length) relayOutboxSoon();
  return result;
}

/** One delivery row per vendor of the withdrawn categories that has a webhook, and one outbox event for them all. */
async function queueWithdrawal(tx: TTx, tenantId: string, policy: TConsentPolicy, recordId: string, withdrawn: TOptionalCategory[]): Promise<void> {
  const vendorCategories = new Map<string, TOptionalCategory[]>();
  for (const c of withdrawn) {
    for (const v of policy.categories[c].vendors) vendorCategories.set(v.id, [...(vendorCategories.get(v.id) ?? []), c]);
  }
  if (!vendorCategories.size) return;
  const hooks = await tx.consentVendorWebhook.findMany({ where: { tenantId, vendorId: { in: [...vendorCategories.keys()] } }, select: { vendorId: true, url: true } });
  if (!hooks.length) return;
  await tx.consentWebhookDelivery.createMany({
    data: hooks.map((h) => ({ tenantId, recordId, vendorId: h.vendorId, url: h.url, categories: vendorCategories.get(h.vendorId) ?? [] })),
    skipDuplicates: true,
  });
  await tx.outboxEvent.create({
    data: { tenantId, name: CONSENT_WITHDRAWN_EVENT, eventId: `consent-withdrawn-${recordId}`, data: { tenantId, recordId } },
    select: { id: true },
  });
}

/** The signed-in user's latest choice on Sotto's own pages (any device). */
export async function latestChoiceOfUser(tenantId: string, userId: string) {
  return withTenant(tenantId, (tx) =>
    tx.consentRecord.findFirst({
      where: { tenantId, userId },
      orderBy: { seq: "desc" },
      select: { consentId: true, fingerprint: true, policyVersion: true, method: true, selections: true, gpc: true, createdAt: true },
    }),
  );
}

export type TWithdrawalProof = {
  /** Signed-in Sotto account (platform tenant): their own consent id is continued, so every device follows. */
  userId: string | null;
  /** Where the withdrawal was made (the privacy center's origin). */
  origin: string;
  country: string;
  uaFamily: string;
  locale: string;
};

export type TServerWithdrawal = { recordId: string; consentId: string; seq: bigint; withdrawn: TOptionalCategory[] };

const newConsentId = () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");

/**
 * A withdrawal made outside the banner (a verified privacy-center request):
 * appended to the same chain with the same proof fields as a banner choice,
 * against the policy currently published, and propagated to vendors through
 * the same outbox event. A signed-in account's latest consent id is continued
 * (its withdrawn categories are what it had granted); anyone else gets a new
 * consent id and every offered category counts as withdrawn, since we cannot
 * know which browser granted what. Runs in the caller's transaction; the
 * caller relays the outbox after commit. Null when the tenant never set up
 * the consent manager (no cookie consent to withdraw).
 */
export async function appendServerWithdrawal(tx: TTx, tenantId: string, proof: TWithdrawalProof): Promise<TServerWithdrawal | null> {
  const config = await tx.consentConfig.findUnique({ where: { tenantId }, select: { policyVersion: true, fingerprint: true, policy: true } });
  if (!config) return null;
  const policy = ZConsentPolicy.parse(config.policy);
  const previous = proof.userId
    ? await tx.consentRecord.findFirst({ where: { tenantId, userId: proof.userId }, orderBy: { seq: "desc" }, select: { consentId: true, selections: true } })
    : null;
  const before = previous ? asSelections(previous.selections) : acceptAll(offeredCategories(policy), false);
  const withdrawn = withdrawnCategories(before, NOTHING);
  const record = await tx.consentRecord.create({
    data: {
      tenantId,
      consentId: previous?.consentId ?? newConsentId(),
      policyVersion: config.policyVersion,
      fingerprint: config.fingerprint,
      method: "withdraw",
      selections: NOTHING,
      withdrawn,
      gpc: false,
      locale: proof.locale,
      origin: proof.origin,
      country: proof.country,
      uaFamily: proof.uaFamily,
      userId: proof.userId,
      // Owned by the chain trigger, as in appendConsentRecord.
      seq: 0n,
      prevHash: "",
      hash: "",
      createdAt: new Date(0),
    },
    select: { id: true, seq: true, consentId: true },
  });
  if (withdrawn.length) await queueWithdrawal(tx, tenantId, policy, record.id, withdrawn);
  return { recordId: record.id, consentId: record.consentId, seq: record.seq, withdrawn };
}
