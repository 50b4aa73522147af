import "server-only";
import { createHmac } from "node:crypto";
import ipaddr from "ipaddr.js";
import { now } from "@/lib/clock";
import { withTenant } from "@/lib/db/client";
import { isProduction } from "@/lib/env";
import { timingSafeEqualStr } from "@/lib/security/timing-safe";
import { vendorWebhookSecret } from "./admin";

/**
 * Withdrawal webhooks. Each vendor of a withdrawn category that has an endpoint
 * gets one POST per withdrawal (docs/CONSENT.md#withdrawal-webhooks):
 *
 *   POST <url>
 *   Content-Type: application/json
 *   X-Sotto-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${raw body}`)>
 *   { "type": "consent.withdrawn", "id": <delivery id>, "receiptId", "consentId", "vendor", "categories", "withdrawnAt", "policyVersion" }
 *
 * 2xx: delivered. 408, 425, 429, 5xx and network errors: transient, retried with
 * backoff. Any other answer (and redirects): permanent, marked failed at once.
 */
export const SIGNATURE_HEADER = "X-Sotto-Signature";
const TIMEOUT_MS = 10_000;

export function signWebhook(secret: string, rawBody: string, t: number): string {
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${rawBody}`, "utf8").digest("hex")}`;
}

/** What a vendor runs to check a delivery: signature over the exact bytes, and a timestamp within `toleranceSec`. */
export function verifyWebhookSignature(secret: string, header: string | null, rawBody: string, nowSec: number, toleranceSec = 300): boolean {
  const parts = new Map((header ?? "").split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(nowSec - t) > toleranceSec) return false;
  return timingSafeEqualStr(signWebhook(secret, rawBody, t).split("v1=")[1]!, v1);
}

/**
 * Endpoints must be https and public in production, so a webhook cannot be
 * aimed at Sotto's own network. Literal addresses and localhost are checked
 * here; development and tests may use loopback receivers.
 */
export function webhookUrlProblem(raw: string, allowPrivate = !isProduction()): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL such as https://vendor.example/consent";
  }
  if (url.username || url.password) return "The URL must not contain credentials.";
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return "Use an https:// URL.";
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal")) return "The URL must point to a public host.";
  if (ipaddr.isValid(host) && ipaddr.process(host).range() !== "unicast") return "The URL must point to a public address.";
  return null;
}

export type TDeliveryOutcome = { status: "delivered" | "failed" | "retry"; httpStatus: number | null; error: string | null };

const isTransient = (s: number) => s === 408 || s === 425 || s === 429 || s >= 500;

/** One attempt at one delivery, with its outcome stored on the row. `final`: a transient failure is the last one. */
export async function attemptWithdrawalDelivery(tenantId: string, deliveryId: string, opts: { final: boolean; fetchImpl?: typeof fetch }): Promise<TDeliveryOutcome> {
  const prepared = await withTenant(tenantId, async (tx) => {
    const d = await tx.consentWebhookDelivery.findFirst({ where: { tenantId, id: deliveryId } });
    if (!d || d.status !== "pending") return null;
    const record = await tx.consentRecord.findFirst({ where: { tenantId, id: d.recordId }, select: { id: true, consentId: true, createdAt: true, policyVersion: true } });
    const hook = await vendorWebhookSecret(tx, tenantId, d.vendorId);
    return { d, record, hook };
  });
  if (!prepared) return { status: "delivered", httpStatus: null, error: null };
  const { d, record, hook } = prepared;

  let outcome: TDeliveryOutcome;
  const problem = hook ? webhookUrlProblem(d.url) : "The vendor's webhook was removed";
  if (!hook || !record || problem) {
    outcome = { status: "failed", httpStatus: null, error: problem ?? "The consent record is missing" };
  } else {
    const body = JSON.stringify({
      type: "consent.withdrawn",
      id: d.id,
      receiptId: record.id,
      consentId: record.consentId,
      vendor: d.vendorId,
      categories: d.categories,
      withdrawnAt: record.createdAt.toISOString(),
      policyVersion: record.policyVersion,
    });
    const t = Math.floor(now().getTime() / 1000);
    try {
      const res = await (opts.fetchImpl ?? fetch)(d.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "Sotto-Consent-Webhooks/1", [SIGNATURE_HEADER]: signWebhook(hook.secret, body, t) },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) outcome = { status: "delivered", httpStatus: res.status, error: null };
      else if (isTransient(res.status)) outcome = { status: opts.final ? "failed" : "retry", httpStatus: res.status, error: `HTTP ${res.status}` };
      else outcome = { status: "failed", httpStatus: res.status, error: `HTTP ${res.status} (not retried)` };
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : "network error";
      outcome = { status: opts.final ? "failed" : "retry", httpStatus: null, error: message.slice(0, 300) };
    }
  }
  await withTenant(tenantId, (tx) =>
    tx.consentWebhookDelivery.update({
      where: { id: d.id },
      data: {
        attempts: { increment: 1 },
        lastStatus: outcome.httpStatus,
        lastError: outcome.error,
        status: outcome.status === "retry" ? "pending" : outcome.status,
        deliveredAt: outcome.status === "delivered" ? now() : null,
      },
      select: { id: true },
    }),
  );
  return outcome;
}

export async function pendingDeliveryIds(tenantId: string, recordId: string): Promise<string[]> {
  const rows = await withTenant(tenantId, (tx) =>
    tx.consentWebhookDelivery.findMany({ where: { tenantId, recordId, status: "pending" }, select: { id: true }, orderBy: { vendorId: "asc" } }),
  );
  return rows.map((r) => r.id);
}
