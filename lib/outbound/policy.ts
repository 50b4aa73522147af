import "server-only";
import type { TTx } from "@/lib/db/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { ActionError } from "@/lib/actions/errors";
import { isOptedOut } from "@/lib/inbox/opt-status";

/**
 * Who may receive what. Enforced when a message is queued (so the agent reads
 * the refusal at once) and again just before it is sent (the contact may have
 * opted out or been restricted in between).
 *
 * - A restricted contact (data-subject restriction) receives only the reply to
 *   their request: `purpose: "dsr_reply"`.
 * - A contact opted out on this channel type receives no campaigns, and replies
 *   or transactional messages only in answer to their own latest message: the
 *   conversation's latest non-private message is theirs (not yet answered) and
 *   is less than 24 hours old. This is what lets the opt-out acknowledgement
 *   and an agent's answer to "why did I get this?" through, and nothing else.
 * - The reply to a data-subject request is a legal obligation, so it is sent
 *   to an opted-out contact too.
 */
export const PURPOSES = ["reply", "campaign", "transactional", "dsr_reply"] as const;
export type TPurpose = (typeof PURPOSES)[number];

export const OPTED_OUT_REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;

export const CHANNEL_LABELS: Record<ChannelType, string> = {
  widget: "website chat",
  whatsapp: "WhatsApp",
  messenger: "Messenger",
  instagram: "Instagram",
  twilio_sms: "SMS",
  twilio_whatsapp: "WhatsApp",
  email: "email",
};

export const RESTRICTED_MESSAGE =
  "This contact has restricted the processing of their data (data-subject request): only the reply to their request can be sent.";

export type TPolicyInput = {
  tenantId: string;
  contact: { id: string; restricted: boolean };
  channelType: ChannelType;
  conversationId: string;
  purpose: TPurpose;
  at: Date;
  /** When re-checking a queued message before sending: that message (it must answer the contact's latest message, not be the answer itself). */
  message?: { id: string; createdAt: Date };
};

export type TPolicyRefusal = { code: "restricted" | "opted_out"; message: string };

/** null when the message may go out, else why not. */
export async function outboundRefusal(tx: TTx, p: TPolicyInput): Promise<TPolicyRefusal | null> {
  if (p.contact.restricted && p.purpose !== "dsr_reply") return { code: "restricted", message: RESTRICTED_MESSAGE };
  if (p.purpose === "dsr_reply") return null;
  if (!(await isOptedOut(tx, p.contact.id, p.channelType))) return null;

  const label = CHANNEL_LABELS[p.channelType];
  const refused = `The contact opted out of ${label} messages`;
  if (p.purpose === "campaign") return { code: "opted_out", message: `${refused}: campaign messages are not sent to them.` };

  const latestInbound = await tx.message.findFirst({
    where: { tenantId: p.tenantId, conversationId: p.conversationId, direction: "inbound", isPrivate: false },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { createdAt: true },
  });
  const inWindow = latestInbound !== null && p.at.getTime() - latestInbound.createdAt.getTime() < OPTED_OUT_REPLY_WINDOW_MS;
  // A message queued before the contact's latest message (their STOP) does not answer it.
  const answersLatest = inWindow && (!p.message || latestInbound.createdAt.getTime() <= p.message.createdAt.getTime());
  const answeredAlready =
    answersLatest &&
    (await tx.message.count({
      where: {
        tenantId: p.tenantId,
        conversationId: p.conversationId,
        direction: "outbound",
        isPrivate: false,
        status: { not: "failed" },
        createdAt: { gt: latestInbound.createdAt, ...(p.message ? { lte: p.message.createdAt } : {}) },
        ...(p.message ? { id: { not: p.message.id } } : {}),
      },
    })) > 0;
  if (answersLatest && !answeredAlready) return null;
  return {
    code: "opted_out",
    message: `${refused}: only one reply to their latest message, within 24 hours, can be sent. They can resubscribe by sending START.`,
  };
}

/** Throws ActionError("forbidden") with the reason when the message may not go out. */
export async function assertMayMessage(tx: TTx, p: TPolicyInput): Promise<void> {
  const refusal = await outboundRefusal(tx, p);
  if (refusal) throw new ActionError("forbidden", refusal.message);
}
