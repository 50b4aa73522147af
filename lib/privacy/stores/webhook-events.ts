import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { defineStore, type TSubject } from "../registry";

const likeEscape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Raw-payload search terms: every identity value, and phone numbers also without "+" (WhatsApp wa_id form). */
export function identityPatterns(s: TSubject): string[] {
  const values = new Set<string>();
  for (const i of s.identities) {
    if (i.value.length < 4) continue;
    values.add(i.value);
    if (i.value.startsWith("+")) values.add(i.value.slice(1));
  }
  return [...values].map((v) => `%${likeEscape(v)}%`);
}

type TEventRow = { id: string; channelId: string; provider: string; eventKey: string; payload: unknown; receivedAt: Date; deletedAt: Date | null };

/** The subject's raw webhook deliveries: payloads that name one of their identities. */
export async function subjectWebhookEvents(tx: TTx, s: TSubject): Promise<TEventRow[]> {
  const patterns = identityPatterns(s);
  if (!patterns.length) return [];
  return tx.$queryRaw<TEventRow[]>(Prisma.sql`
    SELECT id, "channelId", provider, "eventKey", payload, "receivedAt", "deletedAt" FROM "WebhookEvent"
    WHERE "tenantId" = ${s.tenantId} AND payload::text LIKE ANY (${patterns}::text[])
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
