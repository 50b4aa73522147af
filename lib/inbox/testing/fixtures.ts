import { asOwner, createTenantFixture, ownerPool, randomId, type TTenantFixture } from "@/lib/testing/db";

/**
 * Database fixtures for the inbox's integration tests, written through the owner
 * connection with the tenant context set. Timestamps are stored as UTC wall-clock
 * (timestamp without time zone), as Prisma stores them.
 */
type TRole = "owner" | "admin" | "agent" | "analyst";
export type TMember = { id: string; email: string; name: string; role: TRole };
export type TInboxTenant = TTenantFixture & { owner: TMember };

const utc = (d: Date) => d.toISOString();

export async function createInboxTenant(name = "Inbox"): Promise<TInboxTenant> {
  const t = await createTenantFixture(name);
  return { ...t, owner: { id: t.userId, email: t.email, name: `Owner ${t.slug}`, role: "owner" } };
}

export async function addMember(tenantId: string, role: TRole, name: string): Promise<TMember> {
  const id = randomId("u");
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${id.slice(-6)}@fixture.test`;
  await asOwner({ tenantId, userId: id }, async (c) => {
    await c.query(`INSERT INTO "User" (id, email, name) VALUES ($1, $2, $3)`, [id, email, name]);
    await c.query(`INSERT INTO "Membership" (id, "tenantId", "userId", role, "updatedAt") VALUES ($1, $2, $3, $4, now())`, [randomId("m"), tenantId, id, role]);
  });
  return { id, email, name, role };
}

export async function createChannel(tenantId: string, opts: { type?: string; name?: string; settings?: Record<string, unknown>; sandbox?: boolean } = {}): Promise<string> {
  const id = randomId("ch");
  await asOwner({ tenantId }, (c) =>
    c.query(`INSERT INTO "Channel" (id, "tenantId", type, name, "externalId", settings, sandbox, "updatedAt") VALUES ($1, $2, $3::"ChannelType", $4, $5, $6::jsonb, $7, now())`, [
      id,
      tenantId,
      opts.type ?? "whatsapp",
      opts.name ?? "WhatsApp",
      randomId("ext"),
      JSON.stringify(opts.settings ?? {}),
      opts.sandbox ?? false,
    ]),
  );
  return id;
}

export async function createContact(
  tenantId: string,
  opts: { name?: string | null; email?: string | null; phone?: string | null; attributes?: Record<string, unknown>; restricted?: boolean; noProfiling?: boolean } = {},
): Promise<string> {
  const id = randomId("ct");
  await asOwner({ tenantId }, (c) =>
    c.query(
      `INSERT INTO "Contact" (id, "tenantId", name, email, phone, attributes, restricted, "noProfiling", "updatedAt") VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, now())`,
      [id, tenantId, opts.name ?? null, opts.email ?? null, opts.phone ?? null, JSON.stringify(opts.attributes ?? {}), opts.restricted ?? false, opts.noProfiling ?? false],
    ),
  );
  return id;
}

export async function addIdentity(tenantId: string, contactId: string, kind: string, value: string, channelId: string | null = null): Promise<string> {
  const id = randomId("ci");
  await asOwner({ tenantId }, (c) =>
    c.query(`INSERT INTO "ContactIdentity" (id, "tenantId", "contactId", kind, value, "channelId") VALUES ($1, $2, $3, $4::"IdentityKind", $5, $6)`, [id, tenantId, contactId, kind, value, channelId]),
  );
  return id;
}

export async function addOptIn(tenantId: string, contactId: string, channelType: string, status: "opted_in" | "opted_out", changedAt: Date): Promise<void> {
  await asOwner({ tenantId }, (c) =>
    c.query(
      `INSERT INTO "ContactOptIn" (id, "tenantId", "contactId", "channelType", status, source, "changedAt") VALUES ($1, $2, $3, $4::"ChannelType", $5::"OptStatus", 'test', $6::timestamptz AT TIME ZONE 'UTC')`,
      [randomId("oi"), tenantId, contactId, channelType, status, utc(changedAt)],
    ),
  );
}

export type TConversationInput = {
  channelId: string;
  contactId: string;
  status?: "open" | "pending" | "snoozed" | "resolved";
  assigneeId?: string | null;
  teamId?: string | null;
  lastActivityAt?: Date;
  snoozedUntil?: Date | null;
  unreadCount?: number;
};

export async function createConversation(tenantId: string, f: TConversationInput): Promise<string> {
  const id = randomId("cv");
  await asOwner({ tenantId }, (c) =>
    c.query(
      `INSERT INTO "Conversation" (id, "tenantId", "channelId", "contactId", status, "assigneeId", "teamId", "lastActivityAt", "snoozedUntil", "unreadCount", "updatedAt")
       VALUES ($1, $2, $3, $4, $5::"ConversationStatus", $6, $7, $8::timestamptz AT TIME ZONE 'UTC', $9::timestamptz AT TIME ZONE 'UTC', $10, now())`,
      [
        id,
        tenantId,
        f.channelId,
        f.contactId,
        f.status ?? "open",
        f.assigneeId ?? null,
        f.teamId ?? null,
        utc(f.lastActivityAt ?? new Date()),
        f.snoozedUntil ? utc(f.snoozedUntil) : null,
        f.unreadCount ?? 0,
      ],
    ),
  );
  return id;
}

export async function addMessage(
  tenantId: string,
  f: { conversationId: string; channelId: string; text: string; direction?: "inbound" | "outbound"; authorType?: string; authorId?: string | null; createdAt?: Date; isPrivate?: boolean },
): Promise<string> {
  const id = randomId("m");
  await asOwner({ tenantId }, (c) =>
    c.query(
      `INSERT INTO "Message" (id, "tenantId", "conversationId", "channelId", direction, "authorType", "authorId", kind, text, "isPrivate", status, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5::"MessageDirection", $6::"AuthorType", $7, 'text', $8, $9, 'received', $10::timestamptz AT TIME ZONE 'UTC', now())`,
      [id, tenantId, f.conversationId, f.channelId, f.direction ?? "inbound", f.authorType ?? "contact", f.authorId ?? null, f.text, f.isPrivate ?? false, utc(f.createdAt ?? new Date())],
    ),
  );
  return id;
}

export async function createTeam(tenantId: string, name: string, members: { userId: string; capacity: number }[], settings: Record<string, unknown> = {}): Promise<string> {
  const id = randomId("tm");
  await asOwner({ tenantId }, async (c) => {
    await c.query(`INSERT INTO "Team" (id, "tenantId", name, settings) VALUES ($1, $2, $3, $4::jsonb)`, [id, tenantId, name, JSON.stringify(settings)]);
    for (const m of members) {
      await c.query(`INSERT INTO "TeamMember" (id, "tenantId", "teamId", "userId", capacity) VALUES ($1, $2, $3, $4, $5)`, [randomId("tmm"), tenantId, id, m.userId, m.capacity]);
    }
  });
  return id;
}

export async function createLabel(tenantId: string, name: string): Promise<string> {
  const id = randomId("lb");
  await asOwner({ tenantId }, (c) => c.query(`INSERT INTO "Label" (id, "tenantId", name) VALUES ($1, $2, $3)`, [id, tenantId, name]));
  return id;
}

export async function labelConversation(tenantId: string, conversationId: string, labelId: string): Promise<void> {
  await asOwner({ tenantId }, (c) => c.query(`INSERT INTO "ConversationLabel" ("tenantId", "conversationId", "labelId") VALUES ($1, $2, $3)`, [tenantId, conversationId, labelId]));
}

/** Reads as the owner, filtered by tenant (the owner may bypass RLS). */
export async function ownerRows<R extends Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
  return (await ownerPool().query<R>(sql, params)).rows;
}
