import "server-only";
import { withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { messageRequester, type TRequesterMessage } from "./notify";
import { downloadPath, portalPath } from "./platform";
import { codeHash, CODE_TTL_MS, newCode, signDownloadToken } from "./secrets";
import { REQUEST_TYPE_LABELS, type TPrivacyRequestType } from "./schemas";

const fmt = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

async function loadForMessage(tenantId: string, requestId: string) {
  return withTenant(tenantId, async (tx) => {
    const r = await tx.privacyRequest.findFirst({
      where: { tenantId, id: requestId },
      select: { id: true, type: true, status: true, identityKind: true, identityValue: true, contactIds: true, dueAt: true, extensionReason: true, refusalReason: true, details: true },
    });
    const tenant = await tx.tenant.findFirst({ where: { id: tenantId }, select: { name: true, slug: true } });
    return r && tenant ? { r, tenant } : null;
  });
}

/**
 * Generates a fresh one-time code for an unverified request, stores its HMAC
 * (replacing any earlier code) and sends it. The code exists only in this
 * function and the message.
 */
export async function sendVerificationCode(tenantId: string, requestId: string): Promise<{ sent: boolean }> {
  const code = newCode();
  const at = now();
  const ready = await withTenant(tenantId, async (tx) => {
    const { count } = await tx.privacyRequest.updateMany({
      where: { tenantId, id: requestId, status: "unverified" },
      data: { codeHash: codeHash(requestId, code), codeExpiresAt: new Date(at.getTime() + CODE_TTL_MS), codeAttempts: 0, codeSentAt: at },
    });
    return count === 1;
  });
  if (!ready) return { sent: false };
  const loaded = await loadForMessage(tenantId, requestId);
  if (!loaded) return { sent: false };
  const { r, tenant } = loaded;
  const label = REQUEST_TYPE_LABELS[r.type as TPrivacyRequestType].title.toLowerCase();
  const sent = await messageRequester(tenantId, r, {
    subject: `${code} is your ${tenant.name} privacy request code`,
    body: `Your verification code is ${code}. Enter it on the page where you asked to ${label}. It expires in 10 minutes and works once. If you did not make this request, ignore this message: nothing happens without the code.`,
    action: { label: `${tenant.name} privacy center`, url: portalPath(tenant.slug) },
  });
  return { sent };
}

function completionMessage(type: TPrivacyRequestType, tenant: { name: string; slug: string }, extra: { downloadUrl?: string; note?: string }): TRequesterMessage {
  const portal = { label: `${tenant.name} privacy center`, url: portalPath(tenant.slug) };
  switch (type) {
    case "access":
    case "portability":
      return {
        subject: `Your data from ${tenant.name} is ready`,
        body: `The copy of your data you asked for is ready: a zip file with a JSON and a CSV file for each place we keep data. The link works once and expires in 7 days.`,
        action: { label: "Download your data", url: extra.downloadUrl ?? portal.url },
      };
    case "erasure":
      return { subject: `${tenant.name} erased your data`, body: `We erased your data, except records the law requires us to keep (such as the record of this request and security logs), which are kept separately and deleted when their retention period ends.`, action: portal };
    case "restriction":
      return { subject: `${tenant.name} restricted processing of your data`, body: `Your data is now kept but no longer processed automatically, and you will receive no messages from us other than replies to your privacy requests.`, action: portal };
    case "objection":
      return { subject: `${tenant.name} accepted your objection`, body: `We no longer use your data for profiling for marketing${extra.note ? `. ${extra.note}` : "."}`, action: portal };
    case "consent_withdrawal":
      return { subject: `${tenant.name} recorded the withdrawal of your consent`, body: `Your consent is withdrawn and we no longer send you marketing messages on any channel.`, action: portal };
    case "rectification":
      return { subject: `${tenant.name} corrected your data`, body: `We corrected your data as you asked.${extra.note ? ` What we changed: ${extra.note}` : ""}`, action: portal };
  }
}

export async function notifyCompleted(tenantId: string, requestId: string, opts: { exportId?: string | null; note?: string } = {}): Promise<boolean> {
  const loaded = await loadForMessage(tenantId, requestId);
  if (!loaded) return false;
  const { r, tenant } = loaded;
  let downloadUrl: string | undefined;
  if (opts.exportId) {
    const ex = await withTenant(tenantId, (tx) => tx.privacyExport.findFirst({ where: { tenantId, id: opts.exportId! }, select: { expiresAt: true } }));
    if (ex) downloadUrl = downloadPath(tenant.slug, signDownloadToken({ tenantId, exportId: opts.exportId, expiresAt: ex.expiresAt }));
  }
  return messageRequester(tenantId, r, completionMessage(r.type as TPrivacyRequestType, tenant, { downloadUrl, note: opts.note }));
}

export async function notifyRefused(tenantId: string, requestId: string): Promise<boolean> {
  const loaded = await loadForMessage(tenantId, requestId);
  if (!loaded) return false;
  const { r, tenant } = loaded;
  return messageRequester(tenantId, r, {
    subject: `${tenant.name} refused your privacy request`,
    body: `${tenant.name} refused your request. The reason given: ${r.refusalReason ?? "none"}. You may lodge a complaint with a data protection supervisory authority and seek a judicial remedy.`,
    action: { label: `${tenant.name} privacy center`, url: portalPath(tenant.slug) },
  });
}

export async function notifyExtended(tenantId: string, requestId: string): Promise<boolean> {
  const loaded = await loadForMessage(tenantId, requestId);
  if (!loaded) return false;
  const { r, tenant } = loaded;
  return messageRequester(tenantId, r, {
    subject: `${tenant.name} needs more time for your privacy request`,
    body: `${tenant.name} extended the deadline for your request to ${fmt(r.dueAt)}. The reason: ${r.extensionReason ?? ""}`,
    action: { label: `${tenant.name} privacy center`, url: portalPath(tenant.slug) },
  });
}
