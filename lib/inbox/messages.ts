import "server-only";
import type { TTx } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { attachmentUrl } from "@/lib/storage/signed-url";
import { renderEmailHtml, sameOriginPath } from "@/lib/email-channel/inline-images";
import { decodeCursor, encodeCursor } from "./cursor";
import type { TMessageDto, TMessagePage } from "./types";

/** Reads of a conversation's thread, newest page first, and of single messages (live updates). */
export const MESSAGE_PAGE_SIZE = 50;

const messageSelect = {
  id: true,
  conversationId: true,
  direction: true,
  authorType: true,
  authorId: true,
  kind: true,
  text: true,
  html: true,
  payload: true,
  isPrivate: true,
  clientMessageId: true,
  status: true,
  sentAt: true,
  deliveredAt: true,
  readAt: true,
  failedAt: true,
  errorCode: true,
  errorMessage: true,
  createdAt: true,
  attachments: { select: { id: true, tenantId: true, fileName: true, contentType: true, size: true, contentId: true }, orderBy: { createdAt: "asc" as const } },
} as const;

type TMessageRow = Awaited<ReturnType<typeof loadRows>>[number];

async function loadRows(tx: TTx, where: object, take: number) {
  return tx.message.findMany({ where, select: messageSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Author display names: agents from User, contacts from Contact, bots by their name. */
async function authorNames(tx: TTx, rows: TMessageRow[]): Promise<Map<string, string | null>> {
  const userIds = [...new Set(rows.filter((r) => r.authorType === "agent" && r.authorId).map((r) => r.authorId!))];
  const contactIds = [...new Set(rows.filter((r) => r.authorType === "contact" && r.authorId).map((r) => r.authorId!))];
  const names = new Map<string, string | null>();
  if (userIds.length) {
    for (const u of await tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })) names.set(`agent:${u.id}`, u.name ?? u.email);
  }
  if (contactIds.length) {
    for (const c of await tx.contact.findMany({ where: { id: { in: contactIds } }, select: { id: true, name: true } })) names.set(`contact:${c.id}`, c.name);
  }
  return names;
}

function toDto(r: TMessageRow, names: Map<string, string | null>): TMessageDto {
  const name = r.authorType === "bot" ? r.authorId : r.authorId ? (names.get(`${r.authorType}:${r.authorId}`) ?? null) : null;
  const payload = r.payload && typeof r.payload === "object" && !Array.isArray(r.payload) ? (r.payload as Record<string, unknown>) : {};
  const at = now();
  const urls = new Map(r.attachments.map((a) => [a.id, attachmentUrl(a.tenantId, a.id, at)]));
  // Inline (cid:) images of an email: only this message's own attachments can resolve (lib/email-channel/inline-images.ts).
  // Same-origin paths, because the body is shown in a sandboxed frame that inherits the page's img-src 'self'.
  const body =
    r.kind === "email" ? renderEmailHtml(r.html, { attachments: r.attachments, payload, urlFor: (id) => sameOriginPath(urls.get(id)!) }) : { html: r.html, inlineAttachmentIds: new Set<string>() };
  return {
    id: r.id,
    conversationId: r.conversationId,
    direction: r.direction,
    authorType: r.authorType,
    author: { id: r.authorId, name },
    kind: r.kind,
    text: r.text,
    html: body.html,
    payload,
    isPrivate: r.isPrivate,
    clientMessageId: r.clientMessageId,
    status: r.status,
    sentAt: iso(r.sentAt),
    deliveredAt: iso(r.deliveredAt),
    readAt: iso(r.readAt),
    failedAt: iso(r.failedAt),
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    createdAt: r.createdAt.toISOString(),
    attachments: r.attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, url: urls.get(a.id)!, ...(body.inlineAttachmentIds.has(a.id) ? { inline: true } : {}) })),
  };
}

export async function listMessages(
  tx: TTx,
  input: { tenantId: string; conversationId: string; before?: string | null; limit?: number },
): Promise<TMessagePage> {
  const limit = Math.min(Math.max(input.limit ?? MESSAGE_PAGE_SIZE, 1), 200);
  const cursor = decodeCursor(input.before);
  const where = {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    ...(cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {}),
  };
  const rows = await loadRows(tx, where, limit + 1);
  const page = rows.slice(0, limit);
  const names = await authorNames(tx, page);
  const oldest = rows.length > limit ? page[page.length - 1] : undefined;
  return {
    items: page.reverse().map((r) => toDto(r, names)),
    olderCursor: oldest ? encodeCursor({ at: oldest.createdAt, id: oldest.id }) : null,
  };
}

export async function getMessage(tx: TTx, tenantId: string, messageId: string): Promise<TMessageDto | null> {
  const rows = await loadRows(tx, { tenantId, id: messageId }, 1);
  if (!rows[0]) return null;
  return toDto(rows[0], await authorNames(tx, rows));
}
