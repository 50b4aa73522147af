import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appPool, asOwner, closeTestConnections, createTenantFixture, randomId } from "@/lib/testing/db";
import { createChannelFixture } from "@/lib/inbox/fixtures/channels";
import { ingestInbound } from "@/lib/inbox/ingest";
import { withTenantIncludingDeleted } from "./tx";
import { subjectWebhookEventIds, webhookEventsStore } from "./stores/webhook-events";
import type { TSubject } from "./registry";

/**
 * Raw webhook payloads are found for a data-subject request by exact identity
 * keys stored on the row at ingest (trigger, migration
 * 20261124113000_webhook_subject_keys), not by a substring scan: the real
 * ingest path sets them in its one statement, provider shapes (Meta wa_id,
 * Twilio "whatsapp:+…", "Name <address>") match, near misses that a LIKE
 * would have caught do not, and other tenants' rows never come back.
 */
let tenantId: string;
let otherTenant: string;
let channelId: string;
const waId = `3934${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
const email = `g.bianchi-${randomBytes(3).toString("hex")}@example.com`;
const ids: Record<string, string> = {};

async function rawEvent(tenant: string, channel: string, payload: unknown): Promise<string> {
  const id = randomId("we");
  await asOwner({ tenantId: tenant }, (c) =>
    c.query(`INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload) VALUES ($1, $2, $3, 'test', $4, $5::jsonb)`, [id, tenant, channel, randomId("k"), JSON.stringify(payload)]),
  );
  return id;
}

const subject = (tenant: string): TSubject => ({
  tenantId: tenant,
  contactIds: [],
  identities: [
    { kind: "wa_id", value: waId },
    { kind: "phone", value: `+${waId}` },
    { kind: "email", value: email },
  ],
  userId: null,
});

beforeAll(async () => {
  tenantId = (await createTenantFixture("Webhook keys")).tenantId;
  otherTenant = (await createTenantFixture("Webhook keys other")).tenantId;
  channelId = (await createChannelFixture(tenantId, "whatsapp", `pn-${randomBytes(4).toString("hex")}`)).id;
  const otherChannel = (await createChannelFixture(otherTenant, "whatsapp", `pn-${randomBytes(4).toString("hex")}`)).id;

  // Through the real accept path, with the payload Meta sends.
  const wamid = `wamid.${randomBytes(6).toString("hex")}`;
  await ingestInbound({
    tenantId,
    channelId,
    channelType: "whatsapp",
    contact: { identities: [{ kind: "wa_id", value: waId }, { kind: "phone", value: `+${waId}` }], name: "Giulia", phone: `+${waId}` },
    providerMessageId: wamid,
    kind: "text",
    text: "Ciao",
    raw: {
      provider: "meta",
      eventKey: `wa:msg:${wamid}`,
      payload: { messaging_product: "whatsapp", contacts: [{ profile: { name: "Giulia" }, wa_id: waId }], messages: [{ from: waId, id: wamid, type: "text", text: { body: "Ciao" } }] },
    },
  });
  const { rows } = await asOwner({ tenantId }, (c) => c.query(`SELECT id FROM "WebhookEvent" WHERE "tenantId" = $1 AND "eventKey" = $2`, [tenantId, `wa:msg:${wamid}`]));
  ids.meta = rows[0].id;
  ids.twilio = await rawEvent(tenantId, channelId, { From: `whatsapp:+${waId}`, To: "whatsapp:+15550001111", Body: "hello" });
  ids.mail = await rawEvent(tenantId, channelId, { from: `Giulia Bianchi <${email.toUpperCase()}>`, subject: "Order" });
  ids.mentioned = await rawEvent(tenantId, channelId, { text: `please write to ${email} tomorrow` });
  // Near misses: a longer number containing the subject's digits, an address that merely contains theirs.
  ids.longerNumber = await rawEvent(tenantId, channelId, { contacts: [{ wa_id: `${waId}9` }] });
  ids.longerAddress = await rawEvent(tenantId, channelId, { from: `x${email}` });
  ids.otherTenant = await rawEvent(otherTenant, otherChannel, { contacts: [{ wa_id: waId }] });
});

afterAll(closeTestConnections);

describe("webhook payloads of a data subject", () => {
  it("carry their identity keys from the moment they are stored", async () => {
    const { rows } = await asOwner({ tenantId }, (c) => c.query(`SELECT "subjectKeys" FROM "WebhookEvent" WHERE id = $1`, [ids.meta]));
    expect(rows[0].subjectKeys).toEqual(expect.arrayContaining([waId, `+${waId}`]));
    const twilio = await asOwner({ tenantId }, (c) => c.query(`SELECT "subjectKeys" FROM "WebhookEvent" WHERE id = $1`, [ids.twilio]));
    expect(twilio.rows[0].subjectKeys).toEqual(expect.arrayContaining([waId, `+${waId}`, "+15550001111"]));
  });

  it("are found by exact keys: provider shapes match, near misses and other tenants do not", async () => {
    const found = await withTenantIncludingDeleted(tenantId, (tx) => subjectWebhookEventIds(tx, subject(tenantId)));
    expect(found.sort()).toEqual([ids.meta, ids.twilio, ids.mail, ids.mentioned].sort());
    const theirs = await withTenantIncludingDeleted(otherTenant, (tx) => subjectWebhookEventIds(tx, subject(otherTenant)));
    expect(theirs).toEqual([ids.otherTenant]);
  });

  it("the lookup function needs a tenant context and answers only for that tenant", async () => {
    const c = await appPool().connect();
    try {
      await expect(c.query(`SELECT sotto_privacy_webhook_event_ids($1::text[])`, [[waId]])).rejects.toThrow(/no tenant context/);
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [otherTenant]);
      const { rows } = await c.query(`SELECT sotto_privacy_webhook_event_ids($1::text[]) AS id`, [[waId]]);
      expect(rows.map((r) => r.id)).toEqual([ids.otherTenant]);
      // The application still cannot rewrite payloads or their keys.
      await expect(c.query(`UPDATE "WebhookEvent" SET "subjectKeys" = '{}' WHERE id = $1`, [ids.otherTenant])).rejects.toThrow(/permission denied/);
    } finally {
      await c.query("ROLLBACK");
      c.release();
    }
  });

  it("erasure deletes exactly the subject's payloads", async () => {
    const erased = await withTenantIncludingDeleted(tenantId, (tx) => webhookEventsStore.eraser(tx, subject(tenantId)));
    expect(erased).toEqual({ deleted: 4, anonymised: 0, retained: 0 });
    const { rows } = await asOwner({ tenantId }, (c) => c.query(`SELECT id FROM "WebhookEvent" WHERE id = ANY($1) ORDER BY id`, [Object.values(ids)]));
    expect(rows.map((r) => r.id).sort()).toEqual([ids.longerNumber, ids.longerAddress, ids.otherTenant].sort());
  });
});
