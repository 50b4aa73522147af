import { asOwner, ownerPool, randomId } from "@/lib/testing/db";

/**
 * A data subject spread over every store, written through the owner
 * connection with the tenant context set. Timestamps are UTC wall-clock, as
 * Prisma stores them.
 */
export type TSubjectFixture = {
  contactId: string;
  mergedContactId: string;
  email: string;
  phone: string;
  emailChannelId: string;
  waChannelId: string;
  conversationIds: string[];
  messageIds: string[];
  attachmentIds: string[];
  webhookEventIds: string[];
  deliveryLogIds: string[];
};

const utc = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

export async function createChannel(tenantId: string, type: "email" | "whatsapp" | "widget"): Promise<string> {
  const id = randomId("ch");
  await asOwner({ tenantId }, (c) =>
    c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", sandbox, "updatedAt") VALUES ($1, $2, $3::"ChannelType", $3, $4, true, now())`, [id, tenantId, type, randomId("ext")]),
  );
  return id;
}

export async function createSubject(tenantId: string, opts: { email?: string; phone?: string; messagesPerConversation?: number; at?: Date } = {}): Promise<TSubjectFixture> {
  const email = opts.email ?? `${randomId("p")}@example.com`;
  const phone = opts.phone ?? `+39347${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
  const at = opts.at ?? new Date(Date.now() - 60 * 60 * 1000);
  const emailChannelId = await createChannel(tenantId, "email");
  const waChannelId = await createChannel(tenantId, "whatsapp");
  const contactId = randomId("ct");
  const mergedContactId = randomId("ct");
  const f: TSubjectFixture = { contactId, mergedContactId, email, phone, emailChannelId, waChannelId, conversationIds: [], messageIds: [], attachmentIds: [], webhookEventIds: [], deliveryLogIds: [] };
  const perConversation = opts.messagesPerConversation ?? 3;
  await asOwner({ tenantId }, async (c) => {
    await c.query(`INSERT INTO "Contact" (id, "tenantId", name, email, phone, "updatedAt") VALUES ($1, $2, 'Giulia Bianchi', $3, $4, now())`, [contactId, tenantId, email, phone]);
    await c.query(`INSERT INTO "Contact" (id, "tenantId", name, "mergedIntoId", "updatedAt") VALUES ($1, $2, 'G. Bianchi (old)', $3, now())`, [mergedContactId, tenantId, contactId]);
    const identities: [string, string, string, string][] = [
      [contactId, "email", email, emailChannelId],
      [contactId, "wa_id", phone.slice(1), waChannelId],
      [mergedContactId, "visitor", randomId("v_"), emailChannelId],
    ];
    for (const [cid, kind, value, ch] of identities) {
      await c.query(`INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId") VALUES ($1, $2, $3, $4::"IdentityKind", $5, $6)`, [randomId("ci"), tenantId, cid, kind, value, ch]);
    }
    const convs: [string, string][] = [[emailChannelId, contactId], [waChannelId, contactId], [emailChannelId, mergedContactId]];
    for (const [channelId, cid] of convs) {
      const conversationId = randomId("cv");
      f.conversationIds.push(conversationId);
      await c.query(
        `INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", "lastActivityAt", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $5, now())`,
        [conversationId, tenantId, channelId, cid, utc(at)],
      );
      for (let i = 0; i < perConversation; i++) {
        const messageId = randomId("m");
        f.messageIds.push(messageId);
        const providerId = randomId("wamid.");
        await c.query(
          `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", "authorId", text, "providerMessageId", "createdAt", "updatedAt")
           VALUES ($1, $2, $3, $4, $5::"MessageDirection", $6::"AuthorType", $7, $8, $9, $10, now())`,
          [messageId, tenantId, conversationId, channelId, i % 2 ? "outbound" : "inbound", i % 2 ? "agent" : "contact", i % 2 ? null : cid, `Messaggio ${i} di Giulia`, providerId, utc(new Date(at.getTime() + i * 1000))],
        );
        if (i === 0) {
          const attachmentId = randomId("a");
          f.attachmentIds.push(attachmentId);
          await c.query(
            `INSERT INTO "Attachment" (id, "tenantId", "messageId", "fileName", "contentType", size, "storageKey", sha256) VALUES ($1, $2, $3, 'ricevuta.pdf', 'application/pdf', 1024, $4, 'x')`,
            [attachmentId, tenantId, messageId, `k/${attachmentId}`],
          );
        }
        if (channelId === waChannelId) {
          const eventId = randomId("we");
          const eventKey = `wa:msg:${providerId}`;
          f.webhookEventIds.push(eventId);
          await c.query(`INSERT INTO "WebhookEvent" (id, "tenantId", "channelId", provider, "eventKey", payload, "receivedAt") VALUES ($1, $2, $3, 'meta', $4, $5::jsonb, $6)`, [
            eventId, tenantId, channelId, eventKey, JSON.stringify({ contacts: [{ wa_id: phone.slice(1) }], text: "ciao" }), utc(at),
          ]);
          const logId = randomId("dl");
          f.deliveryLogIds.push(logId);
          await c.query(`INSERT INTO "DeliveryLog" (id, "tenantId", "channelId", outcome, "httpStatus", "eventKey", "createdAt") VALUES ($1, $2, $3, 'ingested', 200, $4, $5)`, [
            logId, tenantId, channelId, eventKey, utc(at),
          ]);
        }
      }
    }
    await c.query(`INSERT INTO "ContactOptIn" (id, "tenantId", "contactId", "channelType", status, source) VALUES ($1, $2, $3, 'whatsapp', 'opted_in', 'inbound_message')`, [randomId("o"), tenantId, contactId]);
  });
  return f;
}

export async function countRows(tenantId: string, table: string, where: string, params: unknown[]): Promise<number> {
  const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "${table}" WHERE "tenantId" = $1 AND ${where}`, [tenantId, ...params]);
  return rows[0].n;
}

export async function latestMailTo(to: string): Promise<{ subject: string; text: string } | null> {
  const { rows } = await ownerPool().query(`SELECT subject, text FROM "DevEmail" WHERE lower("to") = lower($1) ORDER BY "createdAt" DESC LIMIT 1`, [to]);
  return rows[0] ?? null;
}

export async function mailsTo(to: string): Promise<number> {
  const { rows } = await ownerPool().query(`SELECT count(*)::int AS n FROM "DevEmail" WHERE lower("to") = lower($1)`, [to]);
  return rows[0].n;
}
