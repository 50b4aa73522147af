import type { ChannelType, IdentityKind } from "@/lib/db/generated/enums";
import type { TKeyRing } from "@/lib/crypto/key-ring";
import { asOwner, ownerPool, randomId } from "@/lib/testing/db";
import { encryptChannelCredentials } from "../channel-secrets";
import type { TChannelCredentials } from "../credentials";

/**
 * Database fixtures for outbound integration tests, written through the owner
 * connection with the tenant context set (timestamps as UTC wall-clock, as
 * Prisma stores them).
 */
export type TConversationFixture = { tenantId: string; channelId: string; externalId: string; contactId: string; conversationId: string; inboundMessageId: string | null };

export type TConversationFixtureInput<T extends ChannelType> = {
  tenantId: string;
  type: T;
  ring: TKeyRing;
  externalId?: string;
  credentials?: TChannelCredentials<T> | null;
  sandbox?: boolean;
  settings?: Record<string, unknown>;
  identity?: { kind: IdentityKind; value: string } | null;
  contact?: { restricted?: boolean; locale?: string | null; phone?: string | null; email?: string | null; name?: string | null };
  subject?: string | null;
  /** The contact's last inbound message; null for none. */
  inbound?: { at: Date; text?: string; providerMessageId?: string; payload?: Record<string, unknown> } | null;
};

const ts = (d: Date) => d.toISOString();

export async function createConversationFixture<T extends ChannelType>(f: TConversationFixtureInput<T>): Promise<TConversationFixture> {
  const channelId = randomId("ch");
  const contactId = randomId("ct");
  const conversationId = randomId("cv");
  const inboundMessageId = f.inbound ? randomId("m") : null;
  const externalId = f.externalId ?? randomId("ext");
  const credentials = f.credentials === undefined || f.credentials === null ? null : encryptChannelCredentials({ tenantId: f.tenantId, id: channelId, type: f.type }, f.credentials, f.ring);
  await asOwner({ tenantId: f.tenantId }, async (c) => {
    await c.query(
      `INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", credentials, settings, sandbox, "updatedAt")
       VALUES ($1, $2, $3::"ChannelType", 'Shop', $4, $5, $6::jsonb, $7, now())`,
      [channelId, f.tenantId, f.type, externalId, credentials, JSON.stringify(f.settings ?? {}), f.sandbox ?? false],
    );
    await c.query(
      `INSERT INTO "Contact" (id, "tenantId", name, phone, email, locale, restricted, "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [contactId, f.tenantId, f.contact?.name ?? "Giulia Bianchi", f.contact?.phone ?? null, f.contact?.email ?? null, f.contact?.locale ?? null, f.contact?.restricted ?? false],
    );
    if (f.identity) {
      await c.query(`INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId") VALUES ($1, $2, $3, $4::"IdentityKind", $5, $6)`, [
        randomId("ci"),
        f.tenantId,
        contactId,
        f.identity.kind,
        f.identity.value,
        channelId,
      ]);
    }
    await c.query(
      `INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", subject, "lastActivityAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, now() AT TIME ZONE 'UTC', now())`,
      [conversationId, f.tenantId, channelId, contactId, f.subject ?? null],
    );
    if (f.inbound) {
      await c.query(
        `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", "authorId", kind, text, payload, "providerMessageId", status, "createdAt", "updatedAt")
         VALUES ($1, $2, $3, $4, 'inbound', 'contact', $5, 'text', $6, $7::jsonb, $8, 'received', $9::timestamptz AT TIME ZONE 'UTC', now())`,
        [inboundMessageId, f.tenantId, conversationId, channelId, contactId, f.inbound.text ?? "Ciao, dov'è il mio ordine?", JSON.stringify(f.inbound.payload ?? {}), f.inbound.providerMessageId ?? randomId("pm"), ts(f.inbound.at)],
      );
    }
  });
  return { tenantId: f.tenantId, channelId, externalId, contactId, conversationId, inboundMessageId };
}

export type TMessageRow = {
  id: string;
  status: string;
  kind: string;
  text: string | null;
  isPrivate: boolean;
  authorType: string;
  providerMessageId: string | null;
  sentAt: Date | null;
  failedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  payload: Record<string, unknown>;
};

export async function messageRow(tenantId: string, id: string): Promise<TMessageRow> {
  const { rows } = await ownerPool().query<TMessageRow>(
    `SELECT id, status::text, kind::text, text, "isPrivate", "authorType"::text, "providerMessageId", "sentAt", "failedAt", "errorCode", "errorMessage", payload
     FROM "Message" WHERE "tenantId" = $1 AND id = $2`,
    [tenantId, id],
  );
  if (!rows[0]) throw new Error(`no message ${id}`);
  return rows[0];
}

export async function outboxRows(tenantId: string): Promise<{ name: string; eventId: string; data: Record<string, unknown> }[]> {
  const { rows } = await ownerPool().query(`SELECT name, "eventId", data FROM "OutboxEvent" WHERE "tenantId" = $1 ORDER BY "createdAt", id`, [tenantId]);
  return rows;
}

export async function outboundMessages(tenantId: string, conversationId: string): Promise<TMessageRow[]> {
  const { rows } = await ownerPool().query<{ id: string }>(
    `SELECT id FROM "Message" WHERE "tenantId" = $1 AND "conversationId" = $2 AND direction = 'outbound' ORDER BY "createdAt", id`,
    [tenantId, conversationId],
  );
  return Promise.all(rows.map((r) => messageRow(tenantId, r.id)));
}

export async function optInRow(tenantId: string, contactId: string, channelType: ChannelType) {
  const { rows } = await ownerPool().query<{ status: string; source: string; keyword: string | null; acknowledged: boolean }>(
    `SELECT status::text, source, keyword, acknowledged FROM "ContactOptIn" WHERE "tenantId" = $1 AND "contactId" = $2 AND "channelType" = $3::"ChannelType"`,
    [tenantId, contactId, channelType],
  );
  return rows[0] ?? null;
}
