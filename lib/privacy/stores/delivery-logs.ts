import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";
import { subjectWebhookEvents } from "./webhook-events";

/** Delivery log lines of the subject's webhook deliveries (matched by channel and event key). */
async function subjectDeliveryLogs(tx: TTx, s: TSubject) {
  const events = await subjectWebhookEvents(tx, s);
  if (!events.length) return [];
  return tx.deliveryLog.findMany({
    where: { tenantId: s.tenantId, OR: events.map((e) => ({ channelId: e.channelId, eventKey: e.eventKey })) },
    select: { id: true, channelId: true, outcome: true, httpStatus: true, detail: true, eventKey: true, createdAt: true, deletedAt: true },
    orderBy: { createdAt: "asc" },
  });
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
