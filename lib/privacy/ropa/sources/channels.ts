import type { ChannelType } from "@/lib/db/generated/enums";
import type { TSubprocessorId } from "@/lib/marketing/subprocessors";
import { CHANNEL_LABELS } from "@/lib/outbound/policy";
import { openEmailCredentials } from "@/lib/channels/credentials";
import { HARD_DELETE_AFTER_DAYS } from "@/lib/retention/purge";
import { platformRecipients } from "../platform-recipients";
import { defineActivitySource, monthsText, SCCS, SECURITY, sotto, subprocessor, type TProcessingChannel, type TProcessingContext, type TRecipient } from "../registry";

const CHANNEL_PROVIDER: Record<ChannelType, TSubprocessorId | null> = {
  widget: null,
  whatsapp: "meta",
  messenger: "meta",
  instagram: "meta",
  twilio_sms: "twilio",
  twilio_whatsapp: "twilio",
  email: null,
};

const MAIL_OAUTH: Record<"google" | "microsoft", { name: string; region: string }> = {
  google: { name: "Google (Gmail / Google Workspace)", region: "Global (Google data centres)" },
  microsoft: { name: "Microsoft (Outlook / Microsoft 365)", region: "As set by the workspace's Microsoft 365 tenant" },
};

/**
 * Who carries an email channel's mail: the mailbox provider connected by
 * OAuth, or the workspace's own IMAP/SMTP server. Read from the channel's
 * sealed credentials; a channel whose credentials cannot be opened is listed
 * generically rather than failing the record.
 */
function mailboxRecipients(tenantId: string, channels: TProcessingChannel[], retention: string): TRecipient[] {
  const out = new Map<string, TRecipient>();
  for (const c of channels) {
    let oauth: "google" | "microsoft" | null = null;
    let host: string | null = null;
    try {
      const creds = c.credentials ? openEmailCredentials({ tenantId, id: c.id, credentials: c.credentials }) : null;
      oauth = creds?.oauth?.provider ?? null;
      host = creds?.imap.host ?? null;
    } catch {
      // listed generically below
    }
    if (oauth) {
      const p = MAIL_OAUTH[oauth];
      out.set(oauth, { name: p.name, role: "The workspace's mailbox provider (connected by OAuth)", region: p.region, transferMechanism: `As contracted by the workspace with the provider; ${SCCS} where data leaves the EU/EEA`, dataCategories: ["Email messages and attachments of the connected mailbox"], retention: "As set in the workspace's mailbox" });
    } else {
      const name = host ? `The workspace's mail server (${host})` : "The workspace's email provider";
      out.set(name, { name, role: "The workspace's own mailbox (IMAP/SMTP)", region: "As contracted by the workspace", transferMechanism: "As contracted by the workspace", dataCategories: ["Email messages and attachments of the connected mailbox"], retention });
    }
  }
  return [...out.values()];
}

/** One activity per connected channel type, with the messaging provider and the mailbox provider as recipients. */
export const channelsSource = defineActivitySource({
  name: "channels",
  activities(ctx: TProcessingContext) {
    const byType = new Map<ChannelType, TProcessingChannel[]>();
    for (const c of ctx.channels) byType.set(c.type, [...(byType.get(c.type) ?? []), c]);
    const retention = monthsText(ctx.retentionMonths["conversation-logs"], `, then deleted within ${HARD_DELETE_AFTER_DAYS} days`);
    return [...byType].map(([type, channels]) => {
      const provider = CHANNEL_PROVIDER[type];
      const label = CHANNEL_LABELS[type];
      const dataCategories = [
        "Contact details (name, email or phone number, channel ids)",
        "Message content and attachments",
        "Delivery and read status",
        ...(type === "widget" ? ["Pseudonymous visitor id"] : []),
      ];
      return {
        id: `conversations-${type}`,
        name: `Customer conversations on ${label} (${channels.map((c) => c.name).join(", ")})`,
        purpose: "Answering customers' messages and keeping the conversation history for follow-ups",
        legalBasis: "Performance of a contract or steps before one (Art. 6(1)(b)); legitimate interest in customer service (Art. 6(1)(f))",
        controller: ctx.controller,
        processor: "Sotto",
        dataSubjects: `Customers and prospects who contact ${ctx.controller}`,
        dataCategories,
        recipients: [
          sotto(dataCategories, retention),
          ...platformRecipients(ctx, { attachments: "Message attachments", jobs: true }, retention),
          ...(provider ? [subprocessor(provider, `Sub-processor (${label} channel)`, "Per the provider's data processing terms for its platform")] : []),
          ...(type === "email" ? mailboxRecipients(ctx.tenantId, channels, retention) : []),
        ],
        retention,
        security: SECURITY,
      };
    });
  },
});
