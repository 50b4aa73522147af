import "server-only";
import { withTenant } from "@/lib/db/client";
import { env } from "@/lib/env";
import { sendEmail } from "@/lib/email/send";
import { emailLayout } from "@/lib/email/layout";
import { announceQueued, queueOutboundMessage } from "@/lib/outbound/queue";
import { log } from "@/lib/log";
import { deliveryFor } from "./subject";

export type TRequesterMessage = {
  subject: string;
  /** Plain text; channel messages get this and the link only. */
  body: string;
  action: { label: string; url: string };
  outro?: string;
};

const absolute = (path: string) => new URL(path, env.APP_URL).toString();

/**
 * Writes to the requester through the identity on file the request was made
 * with: email, or the tenant's WhatsApp/SMS channel (`purpose: "dsr_reply"`,
 * the one message a restricted contact still receives). Returns false when
 * there is no way to reach them.
 */
export async function messageRequester(
  tenantId: string,
  r: { identityKind: "email" | "phone" | string; identityValue: string; contactIds: string[] },
  m: TRequesterMessage,
): Promise<boolean> {
  const url = absolute(m.action.url);
  const delivery = await withTenant(tenantId, (tx) => deliveryFor(tx, tenantId, r as Parameters<typeof deliveryFor>[2]));
  if (!delivery) return false;
  if (delivery.via === "email") {
    const { html, text } = emailLayout({ title: m.subject, intro: m.body, actionLabel: m.action.label, actionUrl: url, outro: m.outro ?? "You received this because a privacy request was made with this address." });
    await sendEmail({ to: delivery.to, subject: m.subject, html, text });
    return true;
  }
  const queued = await withTenant(tenantId, (tx) =>
    queueOutboundMessage(tx, { tenantId, conversationId: delivery.conversationId, author: { type: "system" }, text: `${m.body}\n\n${m.action.label}: ${url}`, purpose: "dsr_reply" }),
  );
  await announceQueued(tenantId, delivery.conversationId, queued.messageId).catch((error) => log.warn("dsr reply not announced", { error: String(error) }));
  return true;
}

/** Emails the tenant's owners and admins (the controller's reviewers). */
export async function notifyAdmins(tenantId: string, m: { subject: string; body: string; path: string }): Promise<void> {
  const recipients = await withTenant(tenantId, (tx) =>
    tx.membership.findMany({ where: { tenantId, role: { in: ["owner", "admin"] } }, select: { user: { select: { email: true } } } }),
  );
  const { html, text } = emailLayout({ title: m.subject, intro: m.body, actionLabel: "Open in Sotto", actionUrl: absolute(m.path), outro: "You receive this as an owner or admin of the workspace." });
  for (const r of recipients) {
    await sendEmail({ to: r.user.email, subject: m.subject, html, text }).catch((error) => log.warn("admin notification not sent", { error: String(error) }));
  }
}
