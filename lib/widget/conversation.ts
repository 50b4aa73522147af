import "server-only";
import type { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { attachmentUrl } from "@/lib/storage/signed-url";
import type { TVisitorClaims } from "./token";
import type { TWidgetAttachment, TWidgetHistory, TWidgetMessage } from "./public-types";

/**
 * What a visitor may see: the messages of their own conversations on this
 * channel, found through their visitor identity (never through an id the
 * browser sends). Private notes, agents' drafts still queued and failed sends
 * never leave the server.
 */
export const HISTORY_LIMIT = 100;

const PUBLIC_MESSAGE: Prisma.MessageWhereInput = {
  isPrivate: false,
  kind: { not: "note" },
  // Text, or files alone (shown as links).
  AND: [{ OR: [{ text: { not: null } }, { attachments: { some: {} } }] }],
  OR: [
    { direction: "inbound", authorType: "contact" },
    { direction: "outbound", authorType: { in: ["agent", "bot"] }, status: { in: ["sent", "delivered", "read"] } },
  ],
};

const select = {
  id: true,
  conversationId: true,
  clientMessageId: true,
  direction: true,
  authorType: true,
  authorId: true,
  text: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  attachments: { select: { id: true, fileName: true, contentType: true, size: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
} satisfies Prisma.MessageSelect;
type TRow = Prisma.MessageGetPayload<{ select: typeof select }>;

/** The contact behind a visitor id, or null before their first message. */
export async function visitorContactId(tx: TTx, claims: TVisitorClaims): Promise<string | null> {
  const identity = await tx.contactIdentity.findUnique({
    where: { tenantId_kind_value: { tenantId: claims.tid, kind: "visitor", value: claims.vid } },
    select: { contactId: true },
  });
  return identity?.contactId ?? null;
}

/** The visitor's conversations on the token's channel, newest first. */
export async function visitorConversationIds(tx: TTx, claims: TVisitorClaims): Promise<string[]> {
  const contactId = await visitorContactId(tx, claims);
  if (!contactId) return [];
  const rows = await tx.conversation.findMany({
    where: { tenantId: claims.tid, channelId: claims.cid, contactId },
    select: { id: true },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  return rows.map((r) => r.id);
}

/** Each file with a signed URL minted now (the frame shows images as thumbnails, other files as download links). */
function filesOf(tenantId: string, r: TRow): TWidgetAttachment[] {
  const at = now();
  return r.attachments.map((a) => ({ id: a.id, name: a.fileName, type: a.contentType, size: a.size, url: attachmentUrl(tenantId, a.id, at) }));
}

const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0]?.slice(0, 40) || null;

async function toPublic(tx: TTx, tenantId: string, rows: TRow[]): Promise<TWidgetMessage[]> {
  const agentIds = [...new Set(rows.filter((r) => r.authorType === "agent" && r.authorId).map((r) => r.authorId!))];
  const names = new Map<string, string | null>();
  if (agentIds.length) {
    const users = await tx.user.findMany({ where: { id: { in: agentIds }, memberships: { some: { tenantId } } }, select: { id: true, name: true } });
    for (const u of users) names.set(u.id, firstName(u.name));
  }
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    clientMessageId: r.direction === "inbound" ? r.clientMessageId : null,
    from: r.direction === "inbound" ? "visitor" : r.authorType === "bot" ? "bot" : "agent",
    authorName: r.authorType === "agent" && r.authorId ? (names.get(r.authorId) ?? null) : null,
    text: r.text ?? "",
    attachments: filesOf(tenantId, r),
    status: r.direction === "inbound" ? "received" : (r.status as TWidgetMessage["status"]),
    createdAt: r.createdAt.toISOString(),
    version: String(r.updatedAt.getTime()),
  }));
}

/** The latest messages of the visitor's conversations, oldest first, and the live-update cursor. */
export async function visitorHistory(tx: TTx, claims: TVisitorClaims): Promise<TWidgetHistory> {
  const conversationIds = await visitorConversationIds(tx, claims);
  if (!conversationIds.length) return { messages: [], cursor: "0" };
  const rows = await tx.message.findMany({
    where: { tenantId: claims.tid, conversationId: { in: conversationIds }, ...PUBLIC_MESSAGE },
    select,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_LIMIT,
  });
  rows.reverse();
  const cursor = rows.reduce((max, r) => Math.max(max, r.updatedAt.getTime()), 0);
  return { messages: await toPublic(tx, claims.tid, rows), cursor: String(cursor) };
}

/** Messages of these conversations changed at or after `sinceMs`, in order of change. */
export async function changedSince(tx: TTx, tenantId: string, conversationIds: string[], sinceMs: number): Promise<TWidgetMessage[]> {
  if (!conversationIds.length) return [];
  const rows = await tx.message.findMany({
    where: { tenantId, conversationId: { in: conversationIds }, updatedAt: { gte: new Date(sinceMs) }, ...PUBLIC_MESSAGE },
    select,
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take: 200,
  });
  return toPublic(tx, tenantId, rows);
}

/** One of the visitor's messages by id (the reply to a send), or null. */
export async function publicMessage(tx: TTx, claims: TVisitorClaims, messageId: string): Promise<TWidgetMessage | null> {
  const conversationIds = await visitorConversationIds(tx, claims);
  const row = await tx.message.findFirst({ where: { id: messageId, tenantId: claims.tid, conversationId: { in: conversationIds }, ...PUBLIC_MESSAGE }, select });
  return row ? ((await toPublic(tx, claims.tid, [row]))[0] ?? null) : null;
}

/**
 * Delivered/read receipts from the visitor's browser for agent messages in
 * their own conversations. Statuses only move forward (sent → delivered →
 * read); returns the messages that changed, for live updates.
 */
export async function acknowledge(
  tx: TTx,
  claims: TVisitorClaims,
  messageIds: string[],
  status: "delivered" | "read",
  at: Date,
): Promise<{ messageId: string; conversationId: string }[]> {
  const conversationIds = await visitorConversationIds(tx, claims);
  if (!conversationIds.length) return [];
  const from: ("sent" | "delivered")[] = status === "read" ? ["sent", "delivered"] : ["sent"];
  const rows = await tx.message.findMany({
    where: { id: { in: messageIds }, tenantId: claims.tid, conversationId: { in: conversationIds }, direction: "outbound", isPrivate: false, status: { in: from } },
    select: { id: true, conversationId: true, deliveredAt: true },
  });
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const missingDelivered = rows.filter((r) => !r.deliveredAt).map((r) => r.id);
  if (missingDelivered.length) await tx.message.updateMany({ where: { id: { in: missingDelivered }, tenantId: claims.tid }, data: { deliveredAt: at } });
  await tx.message.updateMany({
    where: { id: { in: ids }, tenantId: claims.tid, status: { in: from } },
    data: status === "read" ? { status: "read", readAt: at } : { status: "delivered" },
  });
  return rows.map((r) => ({ messageId: r.id, conversationId: r.conversationId }));
}
