import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asOwner, closeTestConnections, createTenantFixture, ownerPool, randomId } from "@/lib/testing/db";
import { createKeyRing, DecryptionError, generateKeySpec } from "@/lib/crypto/key-ring";
import { decryptChannelCredentials, decryptChannelWebhookSecret, encryptChannelCredentials, encryptChannelWebhookSecret } from "./channel-secrets";
import type { TTwilioCredentials } from "./credentials";

/**
 * Channel secrets are bound to their row and covered by key rotation: the AAD
 * used to encrypt (channel-secrets.ts) and the one rotation rebuilds
 * (encrypted-fields.ts) must agree, or rotation would skip or break them.
 */
const k1 = generateKeySpec("k1");
const k2 = generateKeySpec("k2");
const ring1 = createKeyRing(k1);
const ring2 = createKeyRing(`${k1},${k2}`);
let tenantId: string;

const creds: TTwilioCredentials = { accountSid: `AC${"0f".repeat(16)}`, authToken: "tw-secret-token" };

beforeAll(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", `${k1},${k2}`);
  tenantId = (await createTenantFixture("Channel secrets")).tenantId;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  const { db, pool } = await import("@/lib/db/client");
  await db().$disconnect();
  await pool().end();
  await closeTestConnections();
});

async function insertChannel(id: string, credentials: string, webhookSecret: string) {
  await asOwner({ tenantId }, (c) =>
    c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", credentials, "webhookSecret", "updatedAt") VALUES ($1, $2, 'twilio_sms', 'SMS', $3, $4, $5, now())`, [
      id,
      tenantId,
      `+1500${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
      credentials,
      webhookSecret,
    ]),
  );
}

const channelRow = async (id: string) =>
  (await ownerPool().query<{ id: string; tenantId: string; type: "twilio_sms"; credentials: string; webhookSecret: string }>(`SELECT id, "tenantId", type::text, credentials, "webhookSecret" FROM "Channel" WHERE id = $1`, [id])).rows[0]!;

describe("channel secrets", () => {
  it("are rotated to the new key by reencryptAll and still decrypt to the same values", async () => {
    const id = randomId("ch");
    const channel = { tenantId, id, type: "twilio_sms" as const };
    await insertChannel(id, encryptChannelCredentials(channel, creds, ring1), encryptChannelWebhookSecret(channel, "tw-secret-token", ring1));

    const { reencryptAll } = await import("@/lib/crypto/rotate");
    const result = await reencryptAll({ keyRing: ring2, tenantIds: [tenantId] });
    expect(result.fields["Channel.credentials"]).toEqual({ scanned: 1, rotated: 1, failed: 0 });
    expect(result.fields["Channel.webhookSecret"]).toEqual({ scanned: 1, rotated: 1, failed: 0 });
    expect(result.failures).toEqual([]);

    const row = await channelRow(id);
    expect(row.credentials.startsWith("v1.k2.")).toBe(true);
    expect(row.webhookSecret.startsWith("v1.k2.")).toBe(true);
    expect(decryptChannelCredentials(row, ring2)).toEqual(creds);
    expect(decryptChannelWebhookSecret(row, ring2)).toBe("tw-secret-token");
  });

  it("refuse a ciphertext copied to another channel, or from one column to the other", async () => {
    const a = { tenantId, id: randomId("ch"), type: "twilio_sms" as const };
    const stolen = encryptChannelCredentials(a, creds, ring1);
    expect(() => decryptChannelCredentials({ ...a, id: randomId("ch"), credentials: stolen }, ring1)).toThrow(DecryptionError);
    expect(() => decryptChannelWebhookSecret({ ...a, webhookSecret: stolen }, ring1)).toThrow(DecryptionError);
    expect(decryptChannelCredentials({ ...a, credentials: stolen }, ring1)).toEqual(creds);
  });

  it("validate the credentials' shape for the channel type when encrypting", () => {
    const a = { tenantId, id: randomId("ch"), type: "twilio_sms" as const };
    expect(() => encryptChannelCredentials(a, { accountSid: "not-a-sid", authToken: "x" }, ring1)).toThrow(/Account SID/);
  });
});
