import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageKind } from "@/lib/db/generated/enums";
import { asOwner, closeTestConnections, createTenantFixture } from "@/lib/testing/db";
import { createChannelFixture } from "./fixtures/channels";
import { ChannelDisconnectedError, ingestInbound, type TInbound } from "./ingest";

// Group commit (ingest-batch.ts): deliveries that arrive together share one
// transaction, and each is still stored whole, once, under its own tenant.

const uid = () => randomBytes(6).toString("hex");
const newWaId = () => `3934${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
let tenantA: string;
let tenantB: string;
let waA: { id: string };
let waB: { id: string };

function delivery(tenantId: string, channelId: string, o: { waId?: string; wamid?: string; text?: string; kind?: MessageKind } = {}): TInbound {
  const waId = o.waId ?? newWaId();
  const wamid = o.wamid ?? `wamid.${uid()}`;
  return {
    tenantId,
    channelId,
    channelType: "whatsapp",
    contact: { identities: [{ kind: "wa_id", value: waId }, { kind: "phone", value: `+${waId}` }], name: "Ada", phone: `+${waId}` },
    providerMessageId: wamid,
    kind: o.kind ?? "text",
    text: o.text ?? `text of ${wamid}`,
    raw: { provider: "meta", eventKey: `wa:msg:${wamid}`, payload: { id: wamid, text: o.text ?? `text of ${wamid}` } },
  };
}

async function q<T = Record<string, unknown>>(tenantId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return asOwner({ tenantId }, async (c) => (await c.query(sql, params)).rows as T[]);
}

beforeAll(async () => {
  tenantA = (await createTenantFixture("Batch A")).tenantId;
  tenantB = (await createTenantFixture("Batch B")).tenantId;
  waA = await createChannelFixture(tenantA, "whatsapp", `pn-${uid()}`);
  waB = await createChannelFixture(tenantB, "whatsapp", `pn-${uid()}`);
});
afterAll(closeTestConnections);

describe("ingest group commit", () => {
  it("stores a burst of deliveries in shared transactions, each message with its own data", async () => {
    const burst = Array.from({ length: 40 }, (_, i) => delivery(tenantA, waA.id, { text: `message ${i} 📦 مرحبا` }));
    const results = await Promise.all(burst.map((m) => ingestInbound(m, { logHttpStatus: 200 })));

    expect(results.every((r) => !r.duplicate)).toBe(true);
    const ids = burst.map((m) => m.providerMessageId);
    const rows = await q<{ id: string; providerMessageId: string; text: string; conversationId: string; authorId: string; tx: string }>(
      tenantA,
      `SELECT id, "providerMessageId", text, "conversationId", "authorId", xmin::text AS tx FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = ANY($2)`,
      [tenantA, ids],
    );
    expect(rows).toHaveLength(40);
    // Every caller got its own message back, not a neighbour's.
    for (const [i, m] of burst.entries()) {
      const row = rows.find((r) => r.providerMessageId === m.providerMessageId)!;
      expect(row).toMatchObject({ id: results[i]!.messageId, text: `message ${i} 📦 مرحبا`, conversationId: results[i]!.conversationId, authorId: results[i]!.contactId });
    }
    // Fewer transactions than deliveries: they were committed together.
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(40);
    const outbox = await q<{ n: number }>(tenantA, `SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "tenantId" = $1 AND "eventId" = ANY($2)`, [
      tenantA,
      ids.map((id) => `message.received:${waA.id}:${id}`),
    ]);
    expect(outbox[0]!.n).toBe(40);
    const logs = await q<{ n: number }>(tenantA, `SELECT count(*)::int AS n FROM "DeliveryLog" WHERE "tenantId" = $1 AND outcome = 'accepted' AND "eventKey" = ANY($2)`, [
      tenantA,
      ids.map((id) => `wa:msg:${id}`),
    ]);
    expect(logs[0]!.n).toBe(40);
  });

  it("stores copies of one message arriving in the same burst once, and answers the copies as duplicates", async () => {
    const waId = newWaId();
    const wamid = `wamid.${uid()}`;
    const burst = [
      ...Array.from({ length: 10 }, () => delivery(tenantA, waA.id)),
      ...Array.from({ length: 10 }, () => delivery(tenantA, waA.id, { waId, wamid, text: "once" })),
    ];
    const results = await Promise.all(burst.map((m) => ingestInbound(m)));
    const copies = results.slice(10);
    expect(copies.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(copies.map((r) => r.messageId))).toEqual(new Set([copies.find((r) => !r.duplicate)!.messageId]));
    expect(await q(tenantA, `SELECT text FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = $2`, [tenantA, wamid])).toEqual([{ text: "once" }]);
  });

  it("keeps one delivery that PostgreSQL refuses from failing the rest of its burst, and stores nothing of it", async () => {
    const good = Array.from({ length: 12 }, () => delivery(tenantA, waA.id));
    // A kind the database does not know: the whole batch statement fails, then each delivery is stored on its own.
    const bad = delivery(tenantA, waA.id, { kind: "hologram" as MessageKind });
    const settled = await Promise.allSettled([...good.slice(0, 6), bad, ...good.slice(6)].map((m) => ingestInbound(m)));

    const badOutcome = settled[6]!;
    expect(badOutcome.status).toBe("rejected");
    expect(String((badOutcome as PromiseRejectedResult).reason)).toMatch(/MessageKind/);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(12);
    expect(await q(tenantA, `SELECT count(*)::int AS n FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = ANY($2)`, [tenantA, good.map((m) => m.providerMessageId)])).toEqual([{ n: 12 }]);
    expect(await q(tenantA, `SELECT count(*)::int AS n FROM "WebhookEvent" WHERE "tenantId" = $1 AND "eventKey" = $2`, [tenantA, bad.raw.eventKey])).toEqual([{ n: 0 }]);
  });

  it("stores each tenant's deliveries under that tenant when a burst mixes tenants", async () => {
    const burst = Array.from({ length: 30 }, (_, i) => (i % 2 ? delivery(tenantA, waA.id) : delivery(tenantB, waB.id)));
    await Promise.all(burst.map((m) => ingestInbound(m)));
    for (const [tenantId, channelId] of [
      [tenantA, waA.id],
      [tenantB, waB.id],
    ] as const) {
      const mine = burst.filter((m) => m.tenantId === tenantId).map((m) => m.providerMessageId);
      const rows = await q<{ tenantId: string; channelId: string }>(
        tenantId,
        `SELECT m."tenantId", m."channelId" FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" JOIN "Contact" k ON k.id = c."contactId"
         WHERE m."providerMessageId" = ANY($1) AND c."tenantId" = m."tenantId" AND k."tenantId" = m."tenantId"`,
        [mine],
      );
      expect(rows).toHaveLength(15);
      expect(rows.every((r) => r.tenantId === tenantId && r.channelId === channelId)).toBe(true);
    }
  });

  it("refuses the deliveries of a disconnected channel in a burst without holding up the others", async () => {
    const gone = await createChannelFixture(tenantB, "whatsapp", `pn-${uid()}`);
    await q(tenantB, `UPDATE "Channel" SET status = 'disconnected' WHERE id = $1`, [gone.id]);
    const burst = [...Array.from({ length: 8 }, () => delivery(tenantB, waB.id)), delivery(tenantB, gone.id), ...Array.from({ length: 8 }, () => delivery(tenantB, waB.id))];
    const settled = await Promise.allSettled(burst.map((m) => ingestInbound(m, { logHttpStatus: 200 })));
    expect(settled[8]).toMatchObject({ status: "rejected", reason: expect.any(ChannelDisconnectedError) });
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(16);
    expect(await q(tenantB, `SELECT outcome, "httpStatus" FROM "DeliveryLog" WHERE "tenantId" = $1 AND "channelId" = $2`, [tenantB, gone.id])).toEqual([
      { outcome: "channel_disconnected", httpStatus: 404 },
    ]);
  });
});
