import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";
import { subjectKeysOf } from "./webhook-events";

type TLogRow = { id: string; channelId: string; outcome: string; httpStatus: number; detail: string | null; eventKey: string | null; createdAt: Date; deletedAt: Date | null };

/**
 * Delivery log lines of the subject's webhook deliveries (matched by channel
 * and event key), in one statement: a join on the subject's raw events (found
 * by their indexed subject keys), not one OR branch per event, thousands of
 * them for an active contact, each tested against every log line of the tenant.
 */
async function subjectDeliveryLogs(tx: TTx, s: TSubject): Promise<TLogRow[]> {
  const keys = subjectKeysOf(s);
  if (!keys.length) return [];
  return tx.$queryRaw<TLogRow[]>(Prisma.sql`
    SELECT d.id, d."channelId", d.outcome, d."httpStatus", d.detail, d."eventKey", d."createdAt", d."deletedAt" FROM "DeliveryLog" d
    WHERE d."tenantId" = ${s.tenantId} AND (d."channelId", d."eventKey") IN (
      SELECT e."channelId", e."eventKey" FROM "WebhookEvent" e
      WHERE e."tenantId" = ${s.tenantId} AND e.id IN (SELECT sotto_privacy_webhook_event_ids(${keys}::text[])))
    ORDER BY d."createdAt"`);
}

/** Runs before webhook-events in the erasure order: it finds its rows through them. */
export const deliveryLogsStore = defineStore({
  name: "delivery-logs",
  label: "Delivery log lines",
  category: "api-webhook-logs",
  exporter: (tx, s) => subjectDeliveryLogs(tx, s),
  async eraser(tx, s) {
    const ids = (await subjectDeliveryLogs(tx, s)).map((l) => l.id);
    if (!ids.length) return { deleted: 0, anonymised: 0, retained: 0 };
    const [row] = await tx.$queryRaw<{ n: number }[]>`SELECT sotto_privacy_erase_logs('DeliveryLog', ${ids}::text[]) AS n`;
    return { deleted: Number(row?.n ?? 0), anonymised: 0, retained: 0 };
  },
});
