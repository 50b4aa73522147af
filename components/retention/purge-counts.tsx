import type { TPurgeCounts } from "@/lib/retention/purge";

const TABLE_LABELS: Record<string, string> = {
  Message: "messages",
  Conversation: "conversations",
  Attachment: "attachments",
  WebhookEvent: "webhook deliveries",
  DeliveryLog: "delivery log lines",
};

const CATEGORY_LABELS: Record<string, string> = { "conversation-logs": "Conversation logs", "api-webhook-logs": "API and webhook logs" };

function line(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n.toLocaleString("en")} ${TABLE_LABELS[t] ?? t}`);
  return parts.length ? parts.join(", ") : "nothing";
}

/** Per-category counts of a purge or a dry run, as a definition list. */
export function PurgeCounts({ counts }: { counts: TPurgeCounts }) {
  return (
    <dl className="grid gap-2 text-sm">
      {Object.entries(counts).map(([category, c]) => (
        <div key={category}>
          <dt className="font-medium text-ink">{CATEGORY_LABELS[category] ?? category}</dt>
          <dd className="text-slate-700">
            Hidden now (kept until deletion): {line(c.softDeleted)}. Deleted for good: {line(c.physicallyDeleted)}.
          </dd>
        </div>
      ))}
    </dl>
  );
}
