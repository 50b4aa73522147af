import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

/**
 * The keys to look a subject's payloads up by, in the form the database
 * stores them (`sotto_webhook_subject_keys`, migration
 * 20261124113000_webhook_subject_keys): identity values lower-cased, phone
 * numbers with and without "+" (WhatsApp's wa_id has none).
 */
export function subjectKeysOf(s: TSubject): string[] {
  const keys = new Set<string>();
  for (const i of s.identities) {
    const v = i.value.trim().toLowerCase();
    if (v.length < 4) continue;
    keys.add(v);
    if (/^\+?[0-9]{7,15}$/.test(v)) {
      keys.add(v.replace(/^\+/, ""));
      keys.add(`+${v.replace(/^\+/, "")}`);
    }
  }
  return [...keys];
}

type TEventRow = { id: string; channelId: string; provider: string; eventKey: string; payload: unknown; receivedAt: Date; deletedAt: Date | null };

/**
 * The subject's raw webhook deliveries: payloads that name one of their
 * identities. The exact-key match runs in `sotto_privacy_webhook_event_ids`
 * (GIN index, current tenant only); rows are then read by id under RLS.
 */
export async function subjectWebhookEvents(tx: TTx, s: TSubject): Promise<TEventRow[]> {
  const keys = subjectKeysOf(s);
  if (!keys.length) return [];
  return tx.$queryRaw<TEventRow[]>(Prisma.sql`
    SELECT id, "channelId", provider, "eventKey", payload, "receivedAt", "deletedAt" FROM "WebhookEvent"
    WHERE "tenantId" = ${s.tenantId} AND id IN (SELECT sotto_privacy_webhook_event_ids(${keys}::text[]))
    ORDER BY "receivedAt"`);
}

/** Raw inbound webhook payloads (API and webhook logs). */
export const webhookEventsStore = defineStore({
  name: "webhook-events",
  label: "Raw webhook deliveries",
  category: "api-webhook-logs",
  exporter: (tx, s) => subjectWebhookEvents(tx, s),
  async eraser(tx, s) {
    const ids = (await subjectWebhookEvents(tx, s)).map((e) => e.id);
    if (!ids.length) return { deleted: 0, anonymised: 0, retained: 0 };
    const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT sotto_privacy_erase_logs('WebhookEvent', ${ids}::text[]) AS n`;
    return { deleted: Number(row?.n ?? 0), anonymised: 0, retained: 0 };
  },
});
