import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant, type TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import type { TMention } from "./mentions";

/**
 * In-app notifications for @mentions in private notes: one InboxMention row
 * per mentioned teammate (never the author), written with the note. The
 * inbox's "Mentions" menu lists them with an unread count; opening one marks
 * it read. Live: a `mention.created` delta names the user it is for.
 */
export async function recordMentions(tx: TTx, input: { tenantId: string; messageId: string; conversationId: string; authorId: string; mentions: TMention[] }): Promise<string[]> {
  const userIds = [...new Set(input.mentions.map((m) => m.userId))].filter((u) => u !== input.authorId);
  if (!userIds.length) return [];
  await tx.inboxMention.createMany({
    data: userIds.map((userId) => ({ tenantId: input.tenantId, userId, messageId: input.messageId, conversationId: input.conversationId, authorId: input.authorId })),
    skipDuplicates: true,
  });
  return userIds;
}

export type TMentionDto = {
  id: string;
  conversationId: string;
  messageId: string;
  contactName: string | null;
  authorName: string | null;
  excerpt: string;
  createdAt: string;
  read: boolean;
};

export const MENTIONS_PAGE = 30;
const EXCERPT = 160;

/** The user's latest mentions (notes still present) and how many are unread. */
export type TMentionList = { items: TMentionDto[]; unread: number };

export async function listMentions(tx: TTx, tenantId: string, userId: string): Promise<TMentionList> {
  const rows = await tx.$queryRaw<
    { id: string; conversationId: string; messageId: string; contactName: string | null; authorName: string | null; authorEmail: string | null; text: string | null; createdAt: Date; readAt: Date | null }[]
  >(Prisma.sql`
    SELECT im.id, im."conversationId", im."messageId", ct.name AS "contactName", u.name AS "authorName", u.email AS "authorEmail",
           m.text, im."createdAt", im."readAt"
    FROM "InboxMention" im
    JOIN "Message" m ON m."tenantId" = im."tenantId" AND m.id = im."messageId"
    JOIN "Conversation" c ON c."tenantId" = im."tenantId" AND c.id = im."conversationId"
    LEFT JOIN "Contact" ct ON ct."tenantId" = c."tenantId" AND ct.id = c."contactId"
    LEFT JOIN "User" u ON u.id = im."authorId"
    WHERE im."tenantId" = ${tenantId} AND im."userId" = ${userId}
    ORDER BY im."createdAt" DESC, im.id DESC
    LIMIT ${MENTIONS_PAGE}`);
  const [count] = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM "InboxMention" im
    JOIN "Message" m ON m."tenantId" = im."tenantId" AND m.id = im."messageId"
    WHERE im."tenantId" = ${tenantId} AND im."userId" = ${userId} AND im."readAt" IS NULL`);
  return {
    unread: Number(count?.n ?? 0),
    items: rows.map((r) => {
      const text = (r.text ?? "").replace(/\s+/g, " ").trim();
      return {
        id: r.id,
        conversationId: r.conversationId,
        messageId: r.messageId,
        contactName: r.contactName,
        authorName: r.authorName?.trim() || r.authorEmail,
        excerpt: text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text,
        createdAt: r.createdAt.toISOString(),
        read: r.readAt !== null,
      };
    }),
  };
}

/** Marks the user's mentions read: the given conversation's, or all. Returns how many changed. */
export async function markMentionsRead(tenantId: string, userId: string, conversationId: string | null): Promise<number> {
  return withTenant(tenantId, async (tx) => {
    const r = await tx.inboxMention.updateMany({ where: { tenantId, userId, readAt: null, ...(conversationId ? { conversationId } : {}) }, data: { readAt: now() } });
    return r.count;
  });
}
