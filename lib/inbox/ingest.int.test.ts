import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withTenant } from "@/lib/db/client";
import { subscribe, type TRealtimeEvent } from "@/lib/realtime/bus";
import { asOwner, closeTestConnections, createTenantFixture } from "@/lib/testing/db";
import { createChannelFixture, inboxCounts } from "./fixtures/channels";
import { ChannelDisconnectedError, ingestInbound, ingestStatus, type TInbound } from "./ingest";
import { isOptedOut } from "./opt-status";

const uid = () => randomBytes(6).toString("hex");
let tenantId: string;
let wa: { id: string };
let sms: { id: string };
let email: { id: string };
let widget: { id: string };

function waMessage(o: { waId: string; wamid: string; text?: string; name?: string; eventKey?: string }): TInbound {
  return {
    tenantId,
    channelId: wa.id,
    channelType: "whatsapp",
    contact: { identities: [{ kind: "wa_id", value: o.waId }, { kind: "phone", value: `+${o.waId}` }], name: o.name ?? "Sheena", phone: `+${o.waId}` },
    providerMessageId: o.wamid,
    kind: "text",
    text: o.text ?? "hello",
    raw: { provider: "meta", eventKey: o.eventKey ?? `wa:msg:${o.wamid}`, payload: { id: o.wamid } },
  };
}

const newWaId = () => `3933${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

async function q<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return asOwner({ tenantId }, async (c) => (await c.query(sql, params)).rows as T[]);
}

beforeAll(async () => {
  tenantId = (await createTenantFixture("Ingest")).tenantId;
  wa = await createChannelFixture(tenantId, "whatsapp", `pn-${uid()}`);
  sms = await createChannelFixture(tenantId, "twilio_sms", `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`);
  email = await createChannelFixture(tenantId, "email", `support-${uid()}@sotto.test`);
  widget = await createChannelFixture(tenantId, "widget", `wk_${uid()}`);
});
afterAll(closeTestConnections);

describe("ingestInbound", () => {
  it("stores contact, conversation, message, raw event, outbox event and delivery log in one go, then publishes", async () => {
    const events: TRealtimeEvent[] = [];
    const off = subscribe(tenantId, (e) => events.push(e));
    const waId = newWaId();
    const wamid = `wamid.${uid()}`;
    const r = await ingestInbound({ ...waMessage({ waId, wamid, text: "Does it come in blue?" }), receivedAt: new Date("2026-01-01T10:00:00Z") }, { logHttpStatus: 200 });
    expect(r.duplicate).toBe(false);
    // Published after commit, without holding up the caller.
    await vi.waitFor(() => expect(events).toContainEqual({ type: "message.created", conversationId: r.conversationId, messageId: r.messageId }));
    off();

    const [msg] = await q<Record<string, unknown>>(`SELECT * FROM "Message" WHERE id = $1`, [r.messageId]);
    expect(msg).toMatchObject({ conversationId: r.conversationId, direction: "inbound", authorType: "contact", authorId: r.contactId, kind: "text", text: "Does it come in blue?", providerMessageId: wamid, status: "received" });
    expect((msg!.createdAt as Date).toISOString()).toBe("2026-01-01T10:00:00.000Z");
    const [conv] = await q(`SELECT * FROM "Conversation" WHERE id = $1`, [r.conversationId]);
    expect(conv).toMatchObject({ contactId: r.contactId, channelId: wa.id, status: "open", unreadCount: 1, lastMessagePreview: "Does it come in blue?" });
    const [contact] = await q(`SELECT * FROM "Contact" WHERE id = $1`, [r.contactId]);
    expect(contact).toMatchObject({ name: "Sheena", phone: `+${waId}` });
    const ids = await q<{ kind: string; value: string }>(`SELECT kind, value FROM "ContactIdentity" WHERE "contactId" = $1 ORDER BY kind`, [r.contactId]);
    expect(ids).toEqual([
      { kind: "phone", value: `+${waId}` },
      { kind: "wa_id", value: waId },
    ]);
    // sentAt is not asserted: a relay in another test file may already have sent it.
    const outbox = await q(`SELECT name, "eventId", data FROM "OutboxEvent" WHERE "tenantId" = $1 AND data->>'messageId' = $2`, [tenantId, r.messageId]);
    expect(outbox).toEqual([
      {
        name: "message.received",
        eventId: `message.received:${wa.id}:${wamid}`,
        data: { tenantId, channelId: wa.id, channelType: "whatsapp", conversationId: r.conversationId, messageId: r.messageId, contactId: r.contactId, kind: "text", conversationCreated: true },
      },
    ]);
    expect(await q(`SELECT provider, payload FROM "WebhookEvent" WHERE "tenantId" = $1 AND "eventKey" = $2`, [tenantId, `wa:msg:${wamid}`])).toEqual([{ provider: "meta", payload: { id: wamid } }]);
    expect(await q(`SELECT outcome, "httpStatus" FROM "DeliveryLog" WHERE "tenantId" = $1 AND "eventKey" = $2`, [tenantId, `wa:msg:${wamid}`])).toEqual([{ outcome: "accepted", httpStatus: 200 }]);
  });

  it("reports a provider retry as a duplicate, writes nothing and publishes nothing", async () => {
    const m = waMessage({ waId: newWaId(), wamid: `wamid.${uid()}` });
    const first = await ingestInbound(m);
    const before = await inboxCounts(tenantId);
    const events: TRealtimeEvent[] = [];
    const off = subscribe(tenantId, (e) => events.push(e));
    const again = await ingestInbound(m, { logHttpStatus: 200 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    off();
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await inboxCounts(tenantId)).toEqual(before);
    expect(events).toEqual([]);
    expect(await q(`SELECT outcome FROM "DeliveryLog" WHERE "tenantId" = $1 AND "eventKey" = $2`, [tenantId, m.raw.eventKey])).toEqual([{ outcome: "duplicate" }]);
  });

  it("stores one message and one outbox event when the same message arrives 20 times at once", async () => {
    const m = waMessage({ waId: newWaId(), wamid: `wamid.${uid()}` });
    const before = await inboxCounts(tenantId);
    const results = await Promise.all(Array.from({ length: 20 }, () => ingestInbound(m)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    const after = await inboxCounts(tenantId);
    expect(after.messages - before.messages).toBe(1);
    expect(after.outbox - before.outbox).toBe(1);
    expect(after.webhookEvents - before.webhookEvents).toBe(1);
    expect(after.contacts - before.contacts).toBe(1);
  });

  it("stores one message when copies arrive at once under different event keys", async () => {
    const wamid = `wamid.${uid()}`;
    const waId = newWaId();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ingestInbound(waMessage({ waId, wamid, eventKey: `key-${wamid}-${i}` }))));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await q(`SELECT count(*)::int AS n FROM "Message" WHERE "tenantId" = $1 AND "providerMessageId" = $2`, [tenantId, wamid])).toEqual([{ n: 1 }]);
    expect(await q(`SELECT count(*)::int AS n FROM "Contact" c JOIN "ContactIdentity" i ON i."contactId" = c.id WHERE c."tenantId" = $1 AND i.value = $2`, [tenantId, waId])).toEqual([{ n: 1 }]);
  });

  it("creates one contact and one conversation for a burst of first messages from a new person", async () => {
    const waId = newWaId();
    const results = await Promise.all(Array.from({ length: 20 }, () => ingestInbound(waMessage({ waId, wamid: `wamid.${uid()}` }))));
    expect(new Set(results.map((r) => r.contactId)).size).toBe(1);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
    const [conv] = await q(`SELECT "unreadCount" FROM "Conversation" WHERE id = $1`, [results[0]!.conversationId]);
    expect(conv).toEqual({ unreadCount: 20 });
  });

  it("wakes a snoozed conversation and starts a new one after resolution", async () => {
    const waId = newWaId();
    const first = await ingestInbound(waMessage({ waId, wamid: `wamid.${uid()}` }));
    await q(`UPDATE "Conversation" SET status = 'snoozed', "snoozedUntil" = now() + interval '1 day' WHERE id = $1`, [first.conversationId]);
    const second = await ingestInbound(waMessage({ waId, wamid: `wamid.${uid()}` }));
    expect(second.conversationId).toBe(first.conversationId);
    expect(await q(`SELECT status, "snoozedUntil" FROM "Conversation" WHERE id = $1`, [first.conversationId])).toEqual([{ status: "open", snoozedUntil: null }]);

    await q(`UPDATE "Conversation" SET status = 'resolved', "resolvedAt" = now() WHERE id = $1`, [first.conversationId]);
    const third = await ingestInbound(waMessage({ waId, wamid: `wamid.${uid()}` }));
    expect(third.conversationId).not.toBe(first.conversationId);
    expect(third.contactId).toBe(first.contactId);
  });

  it("threads email replies by Message-ID and reopens a resolved thread", async () => {
    const from = `cliente-${uid()}@example.it`;
    const mail = (id: string, threadKey?: string): TInbound => ({
      tenantId,
      channelId: email.id,
      channelType: "email",
      contact: { identities: [{ kind: "email", value: from.toUpperCase() }], email: from },
      providerMessageId: id,
      kind: "email",
      text: "Buongiorno",
      subject: "Ordine 1234",
      threadKey,
      raw: { provider: "imap", eventKey: id, payload: {} },
    });
    const root = await ingestInbound(mail(`<a-${uid()}@example.it>`));
    const other = await ingestInbound(mail(`<b-${uid()}@example.it>`));
    expect(other.conversationId).not.toBe(root.conversationId); // a new email without references is a new thread
    const rootId = (await q<{ providerMessageId: string }>(`SELECT "providerMessageId" FROM "Message" WHERE id = $1`, [root.messageId]))[0]!.providerMessageId;
    await q(`UPDATE "Conversation" SET status = 'resolved', "resolvedAt" = now() WHERE id = $1`, [root.conversationId]);
    const reply = await ingestInbound(mail(`<c-${uid()}@example.it>`, `<unknown@x> ${rootId}`));
    expect(reply.conversationId).toBe(root.conversationId);
    expect(await q(`SELECT status, subject FROM "Conversation" WHERE id = $1`, [root.conversationId])).toEqual([{ status: "open", subject: "Ordine 1234" }]);
    expect(await q(`SELECT value FROM "ContactIdentity" WHERE "contactId" = $1`, [root.contactId])).toEqual([{ value: from }]);
  });

  it("deduplicates widget messages by client message id within the conversation", async () => {
    const visitor = `v_${uid()}`;
    const m: TInbound = {
      tenantId,
      channelId: widget.id,
      channelType: "widget",
      contact: { identities: [{ kind: "visitor", value: visitor }] },
      providerMessageId: null,
      clientMessageId: "c-1",
      kind: "text",
      text: "hi",
      raw: { provider: "widget", eventKey: `widget:${visitor}:c-1`, payload: {} },
    };
    const a = await ingestInbound(m);
    const b = await ingestInbound({ ...m, raw: { ...m.raw, eventKey: `widget:${visitor}:c-1:retry` } });
    expect(b).toEqual({ ...a, duplicate: true });
    await expect(ingestInbound({ ...m, clientMessageId: null })).rejects.toThrow(/providerMessageId or clientMessageId/);
  });

  it("refuses a disconnected channel, with or without files: nothing stored, the refusal logged", async () => {
    // The caller's route still says connected (a lagging route cache); the statement itself must refuse.
    const gone = await createChannelFixture(tenantId, "widget", `wk_${uid()}`);
    await q(`UPDATE "Channel" SET status = 'disconnected' WHERE "tenantId" = $1 AND id = $2`, [tenantId, gone.id]);
    const visitor = `v_${uid()}`;
    const m = (clientMessageId: string): TInbound => ({
      tenantId,
      channelId: gone.id,
      channelType: "widget",
      contact: { identities: [{ kind: "visitor", value: visitor }] },
      providerMessageId: null,
      clientMessageId,
      kind: "media",
      payload: { mediaType: "document" },
      raw: { provider: "widget", eventKey: `widget:${visitor}:${clientMessageId}`, payload: {} },
    });
    const file = { fileName: "notes.txt", contentType: "text/plain", size: 5, storageKey: `t/${tenantId}/2026/11/${"b".repeat(32)}`, sha256: "0".repeat(64) };
    const before = await inboxCounts(tenantId);
    const attachments = () => q(`SELECT count(*)::int AS n FROM "Attachment" WHERE "tenantId" = $1`, [tenantId]);
    const attachmentsBefore = await attachments();

    await expect(ingestInbound(m("gone-1"), { logHttpStatus: 200 })).rejects.toBeInstanceOf(ChannelDisconnectedError);
    await expect(ingestInbound({ ...m("gone-2"), attachments: [file] }, { logHttpStatus: 200 })).rejects.toBeInstanceOf(ChannelDisconnectedError);

    expect(await inboxCounts(tenantId)).toEqual(before);
    expect(await attachments()).toEqual(attachmentsBefore);
    expect(await q(`SELECT outcome FROM "DeliveryLog" WHERE "tenantId" = $1 AND "channelId" = $2`, [tenantId, gone.id])).toEqual([{ outcome: "channel_disconnected" }, { outcome: "channel_disconnected" }]);
  });
});

describe("opt-out keywords", () => {
  it("records STOP as opted_out with the keyword, and START opts back in", async () => {
    const phone = `+3934${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    const smsMsg = (text: string): TInbound => ({
      tenantId,
      channelId: sms.id,
      channelType: "twilio_sms",
      contact: { identities: [{ kind: "phone", value: phone }], phone },
      providerMessageId: `SM${uid()}`,
      kind: "text",
      text,
      raw: { provider: "twilio", eventKey: `tw-${uid()}`, payload: {} },
    });
    const optRow = (contactId: string) => q(`SELECT status, source, keyword, acknowledged FROM "ContactOptIn" WHERE "contactId" = $1 AND "channelType" = 'twilio_sms'`, [contactId]);

    const hello = await ingestInbound(smsMsg("please stop calling me at night"));
    expect(await optRow(hello.contactId)).toEqual([]);

    const stop = await ingestInbound(smsMsg("  Stop! "));
    expect(await optRow(stop.contactId)).toEqual([{ status: "opted_out", source: "keyword", keyword: "STOP", acknowledged: false }]);
    expect(await withTenant(tenantId, (tx) => isOptedOut(tx, stop.contactId, "twilio_sms"))).toBe(true);
    expect(await withTenant(tenantId, (tx) => isOptedOut(tx, stop.contactId, "whatsapp"))).toBe(false);
    expect(await q(`SELECT data->>'status' AS status, data->>'keyword' AS keyword FROM "OutboxEvent" WHERE "tenantId" = $1 AND name = 'contact.opt_changed' AND data->>'messageId' = $2`, [tenantId, stop.messageId])).toEqual([
      { status: "opted_out", keyword: "STOP" },
    ]);

    await ingestInbound(smsMsg("start"));
    expect(await optRow(stop.contactId)).toEqual([{ status: "opted_in", source: "keyword", keyword: "START", acknowledged: false }]);
    expect(await withTenant(tenantId, (tx) => isOptedOut(tx, stop.contactId, "twilio_sms"))).toBe(false);

    await ingestInbound(smsMsg("BASTA"));
    expect(await withTenant(tenantId, (tx) => isOptedOut(tx, stop.contactId, "twilio_sms"))).toBe(true);
  });

  it("ignores keywords on channels without opt-out rules", async () => {
    const visitor = `v_${uid()}`;
    const r = await ingestInbound({
      tenantId,
      channelId: widget.id,
      channelType: "widget",
      contact: { identities: [{ kind: "visitor", value: visitor }] },
      providerMessageId: null,
      clientMessageId: uid(),
      kind: "text",
      text: "STOP",
      raw: { provider: "widget", eventKey: uid(), payload: {} },
    });
    expect(await q(`SELECT * FROM "ContactOptIn" WHERE "contactId" = $1`, [r.contactId])).toEqual([]);
  });
});

describe("ingestStatus", () => {
  async function outbound(): Promise<{ id: string; providerMessageId: string }> {
    const r = await ingestInbound(waMessage({ waId: newWaId(), wamid: `wamid.${uid()}` }));
    const id = `m${uid()}`;
    const providerMessageId = `wamid.out.${uid()}`;
    await q(
      `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", kind, text, "providerMessageId", status, "updatedAt")
       VALUES ($1, $2, $3, $4, 'outbound', 'agent', 'text', 'Sure!', $5, 'queued', now())`,
      [id, tenantId, r.conversationId, wa.id, providerMessageId],
    );
    return { id, providerMessageId };
  }
  const status = (providerMessageId: string, s: "sent" | "delivered" | "read" | "failed", at = new Date(), err?: { code: string; message: string }) =>
    ingestStatus({ tenantId, channelId: wa.id, providerMessageId, status: s, at, errorCode: err?.code, errorMessage: err?.message, raw: { provider: "meta", eventKey: `st:${providerMessageId}:${s}:${at.getTime()}`, payload: { s } } });
  const row = (id: string) => q(`SELECT status, "sentAt" IS NOT NULL AS sent, "deliveredAt" IS NOT NULL AS delivered, "readAt" IS NOT NULL AS read, "errorCode" FROM "Message" WHERE id = $1`, [id]);

  it("moves forward only and is idempotent", async () => {
    const m = await outbound();
    expect(await status(m.providerMessageId, "sent")).toMatchObject({ updated: true, pending: false });
    expect(await status(m.providerMessageId, "sent")).toMatchObject({ updated: false, pending: false });
    expect(await status(m.providerMessageId, "read")).toMatchObject({ updated: true, pending: false });
    expect(await row(m.id)).toEqual([{ status: "read", sent: true, delivered: true, read: true, errorCode: null }]);
    // Late, out-of-order receipts change nothing.
    expect(await status(m.providerMessageId, "delivered")).toMatchObject({ updated: false, pending: false });
    expect(await status(m.providerMessageId, "failed", new Date(), { code: "131047", message: "late" })).toMatchObject({ updated: false, pending: false });
    expect(await row(m.id)).toEqual([{ status: "read", sent: true, delivered: true, read: true, errorCode: null }]);
    expect(await q(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "tenantId" = $1 AND name = 'message.status' AND data->>'messageId' = $2`, [tenantId, m.id])).toEqual([{ n: 2 }]);
  });

  it("records the error of a failed message and keeps it failed", async () => {
    const m = await outbound();
    await status(m.providerMessageId, "sent");
    expect(await status(m.providerMessageId, "failed", new Date(), { code: "131047", message: "Re-engagement message" })).toMatchObject({ updated: true, pending: false });
    expect(await status(m.providerMessageId, "delivered")).toMatchObject({ updated: false, pending: false });
    expect(await q(`SELECT status, "errorCode", "errorMessage", "failedAt" IS NOT NULL AS failed FROM "Message" WHERE id = $1`, [m.id])).toEqual([
      { status: "failed", errorCode: "131047", errorMessage: "Re-engagement message", failed: true },
    ]);
  });

  it("does not touch inbound messages or unknown ids", async () => {
    const wamid = `wamid.${uid()}`;
    const r = await ingestInbound(waMessage({ waId: newWaId(), wamid }));
    expect(await status(wamid, "read")).toMatchObject({ updated: false, pending: false });
    expect(await q(`SELECT status FROM "Message" WHERE id = $1`, [r.messageId])).toEqual([{ status: "received" }]);
    expect(await status(`wamid.unknown.${uid()}`, "delivered")).toEqual({ updated: false, pending: true });
  });
});
