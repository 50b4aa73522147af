import { Prisma } from "@/lib/db/generated/client";
import { defineStore, type TSubject } from "../registry";
import { col, iso, jsonRows } from "../json-rows";
import { eraseLogRows, idsByKeys, preferKeyIndex, subjectWebhookEventMatch } from "./webhook-events";

/**
 * Delivery log lines of the subject's webhook deliveries (matched by channel
 * and event key), in one statement: a join on the subject's raw events (found
 * by their indexed subject keys), not one OR branch per event, thousands of
 * them for an active contact, each tested against every log line of the tenant.
 * FROM … WHERE … over "DeliveryLog" d; null when the subject has no usable key.
 */
function subjectDeliveryLogsFrom(s: TSubject): Prisma.Sql | null {
  const match = subjectWebhookEventMatch(s);
  if (!match) return null;
  return Prisma.sql`FROM "DeliveryLog" d
    WHERE d."tenantId" = ${s.tenantId} AND (d."channelId", d."eventKey") IN (
      SELECT e."channelId", e."eventKey" FROM "WebhookEvent" e WHERE e."tenantId" = ${s.tenantId} AND e.id IN (${match}))`;
}

const d = (name: string) => col("d", name);

/** Runs before webhook-events in the erasure order: it finds its rows through them. */
export const deliveryLogsStore = defineStore({
  name: "delivery-logs",
  label: "Delivery log lines",
  category: "api-webhook-logs",
  async exportSql(q, s) {
    const from = subjectDeliveryLogsFrom(s);
    if (!from) return null;
    await preferKeyIndex(q);
    return jsonRows(
      {
        id: d("id"), channelId: d("channelId"), outcome: d("outcome"), httpStatus: d("httpStatus"), detail: d("detail"), eventKey: d("eventKey"),
        createdAt: iso(d("createdAt")), deletedAt: iso(d("deletedAt")),
      },
      from,
      [d("createdAt"), d("id")],
    );
  },
  async eraser(tx, s) {
    const from = subjectDeliveryLogsFrom(s);
    return eraseLogRows(tx, "DeliveryLog", from ? await idsByKeys(tx, Prisma.sql`SELECT d.id ${from}`) : []);
  },
});
