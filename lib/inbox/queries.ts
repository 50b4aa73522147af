import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { TTx } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "./cursor";
import type { TConversationStatus, TInboxFilters } from "./filters";
import { headlineSql, searchHitsCte } from "./search";
import type { TChannelType, TConversationPage, TConversationSummary, TInboxCounts, TLabelDto, TPriority } from "./types";

/**
 * Reads for the conversation list and sidebar. Every statement carries an
 * explicit tenant predicate next to RLS, so the tenant-leading indexes are used.
 *
 * Snoozes wake up here, without a job: a snoozed conversation whose time has
 * passed is reported, filtered and counted as open. The stored status catches up
 * the next time someone acts on the conversation (see conversations.ts).
 */
export const PAGE_SIZE = 25;

const statusExpr = (at: Date) =>
  Prisma.sql`(CASE WHEN c.status = 'snoozed' AND c."snoozedUntil" <= ${at}::timestamp THEN 'open' ELSE c.status::text END)`;

function statusPredicate(status: TConversationStatus, at: Date): Prisma.Sql {
  switch (status) {
    case "open":
      return Prisma.sql`(c.status = 'open' OR (c.status = 'snoozed' AND c."snoozedUntil" <= ${at}::timestamp))`;
    case "snoozed":
      return Prisma.sql`(c.status = 'snoozed' AND (c."snoozedUntil" IS NULL OR c."snoozedUntil" > ${at}::timestamp))`;
    case "pending":
      return Prisma.sql`c.status = 'pending'`;
    case "resolved":
      return Prisma.sql`c.status = 'resolved'`;
  }
}

function filterPredicates(tenantId: string, f: TInboxFilters, ctx: { userId: string; at: Date }): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`c."tenantId" = ${tenantId}`];
  if (f.status !== "all") where.push(statusPredicate(f.status, ctx.at));
  if (f.assignee === "me") where.push(Prisma.sql`c."assigneeId" = ${ctx.userId}`);
  else if (f.assignee === "unassigned") where.push(Prisma.sql`c."assigneeId" IS NULL`);
  else if (f.assignee) where.push(Prisma.sql`c."assigneeId" = ${f.assignee.userId}`);
  if (f.channelId) where.push(Prisma.sql`c."channelId" = ${f.channelId}`);
  if (f.teamId) where.push(Prisma.sql`c."teamId" = ${f.teamId}`);
  if (f.labelId) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM "ConversationLabel" cl WHERE cl."tenantId" = ${tenantId} AND cl."conversationId" = c.id AND cl."labelId" = ${f.labelId})`);
  }
  if (f.unread) where.push(Prisma.sql`c."unreadCount" > 0`);
  return where;
}

type TSummaryRow = {
  id: string;
  status: TConversationStatus;
  snoozedUntil: Date | null;
  priority: TPriority;
  subject: string | null;
  lastActivityAt: Date;
  lastMessagePreview: string | null;
  unreadCount: number;
  resolvedAt: Date | null;
  createdAt: Date;
  channelId: string;
  channelType: TChannelType;
  channelName: string;
  channelSandbox: boolean;
  contactId: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  teamId: string | null;
  teamName: string | null;
  labels: TLabelDto[] | string;
  matchMessageId?: string | null;
  headline?: string | null;
};

/** The columns of a conversation summary; `c` is the conversation, joined to its channel, contact, assignee and team. */
function summaryColumns(tenantId: string, at: Date, headlineFor: string | null): Prisma.Sql {
  return Prisma.sql`
    c.id, ${statusExpr(at)} AS status, c."snoozedUntil", c.priority::text AS priority, c.subject, c."lastActivityAt",
    c."lastMessagePreview", c."unreadCount", c."resolvedAt", c."createdAt",
    ch.id AS "channelId", ch.type::text AS "channelType", ch.name AS "channelName", ch.sandbox AS "channelSandbox",
    ct.id AS "contactId", ct.name AS "contactName", ct.email AS "contactEmail", ct.phone AS "contactPhone",
    c."assigneeId", u.name AS "assigneeName", u.email AS "assigneeEmail",
    c."teamId", t.name AS "teamName",
    COALESCE((
      SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.name)
      FROM "ConversationLabel" cl JOIN "Label" l ON l.id = cl."labelId" AND l."tenantId" = ${tenantId}
      WHERE cl."tenantId" = ${tenantId} AND cl."conversationId" = c.id
    ), '[]'::json) AS labels
    ${headlineFor ? Prisma.sql`, hits.message_id AS "matchMessageId", ${headlineSql(headlineFor)} AS headline` : Prisma.empty}`;
}

const JOINS = Prisma.sql`
  JOIN "Channel" ch ON ch.id = c."channelId" AND ch."tenantId" = c."tenantId"
  JOIN "Contact" ct ON ct.id = c."contactId" AND ct."tenantId" = c."tenantId"
  LEFT JOIN "User" u ON u.id = c."assigneeId"
  LEFT JOIN "Team" t ON t.id = c."teamId" AND t."tenantId" = c."tenantId"`;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toSummary(r: TSummaryRow): TConversationSummary {
  const labels = typeof r.labels === "string" ? (JSON.parse(r.labels) as TLabelDto[]) : r.labels;
  return {
    id: r.id,
    status: r.status,
    snoozedUntil: iso(r.snoozedUntil),
    priority: r.priority,
    subject: r.subject,
    lastActivityAt: r.lastActivityAt.toISOString(),
    lastMessagePreview: r.lastMessagePreview,
    unreadCount: Number(r.unreadCount),
    resolvedAt: iso(r.resolvedAt),
    createdAt: r.createdAt.toISOString(),
    channel: { id: r.channelId, type: r.channelType, name: r.channelName, sandbox: r.channelSandbox },
    contact: { id: r.contactId, name: r.contactName, email: r.contactEmail, phone: r.contactPhone },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName, email: r.assigneeEmail ?? "" } : null,
    team: r.teamId ? { id: r.teamId, name: r.teamName ?? "" } : null,
    labels,
    ...(r.headline !== undefined ? { highlight: r.matchMessageId ? { messageId: r.matchMessageId, text: r.headline ?? "" } : null } : {}),
  };
}

export type TListInput = { tenantId: string; userId: string; filters: TInboxFilters; cursor?: string | null; limit?: number; at: Date };

export async function listConversations(tx: TTx, input: TListInput): Promise<TConversationPage> {
  const { tenantId, filters, at } = input;
  const limit = Math.min(Math.max(input.limit ?? PAGE_SIZE, 1), 100);
  const where = filterPredicates(tenantId, filters, { userId: input.userId, at });
  const cursor = decodeCursor(input.cursor);
  if (cursor) where.push(Prisma.sql`(c."lastActivityAt", c.id) < (${cursor.at}::timestamp, ${cursor.id})`);
  const search = filters.q;
  const sql = search
    ? Prisma.sql`
      WITH ${searchHitsCte(tenantId, search)}
      SELECT ${summaryColumns(tenantId, at, search)}
      FROM hits JOIN "Conversation" c ON c.id = hits.conversation_id
      ${JOINS}
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY c."lastActivityAt" DESC, c.id DESC
      LIMIT ${limit + 1}`
    : Prisma.sql`
      SELECT ${summaryColumns(tenantId, at, null)}
      FROM "Conversation" c
      ${JOINS}
      WHERE ${Prisma.join(where, " AND ")}
      ORDER BY c."lastActivityAt" DESC, c.id DESC
      LIMIT ${limit + 1}`;
  const rows = await tx.$queryRaw<TSummaryRow[]>(sql);
  const items = rows.slice(0, limit).map(toSummary);
  const last = rows.length > limit ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor({ at: last.lastActivityAt, id: last.id }) : null };
}

export async function getConversationSummary(tx: TTx, tenantId: string, conversationId: string, at: Date): Promise<TConversationSummary | null> {
  const rows = await tx.$queryRaw<TSummaryRow[]>(Prisma.sql`
    SELECT ${summaryColumns(tenantId, at, null)}
    FROM "Conversation" c
    ${JOINS}
    WHERE c."tenantId" = ${tenantId} AND c.id = ${conversationId}`);
  return rows[0] ? toSummary(rows[0]) : null;
}

type TCountRow = Record<string, number | bigint | null>;

/**
 * Sidebar numbers in one statement: open and unread conversations per folder,
 * unread per status within the selected folder. Resolved conversations are only
 * counted when unread, so the scan stays on the active part of the inbox.
 */
export async function inboxCounts(
  tx: TTx,
  input: { tenantId: string; userId: string; folder: "mine" | "unassigned" | "all"; at: Date },
): Promise<TInboxCounts> {
  const { tenantId, userId, at } = input;
  const eff = statusExpr(at);
  const folderPredicate =
    input.folder === "mine" ? Prisma.sql`x."assigneeId" = ${userId}` : input.folder === "unassigned" ? Prisma.sql`x."assigneeId" IS NULL` : Prisma.sql`true`;
  const rows = await tx.$queryRaw<TCountRow[]>(Prisma.sql`
    SELECT
      count(*) FILTER (WHERE x.eff = 'open' AND x."assigneeId" = ${userId})::int AS mine_open,
      count(*) FILTER (WHERE x.eff = 'open' AND x."assigneeId" = ${userId} AND x.unread)::int AS mine_unread,
      count(*) FILTER (WHERE x.eff = 'open' AND x."assigneeId" IS NULL)::int AS unassigned_open,
      count(*) FILTER (WHERE x.eff = 'open' AND x."assigneeId" IS NULL AND x.unread)::int AS unassigned_unread,
      count(*) FILTER (WHERE x.eff = 'open')::int AS all_open,
      count(*) FILTER (WHERE x.eff = 'open' AND x.unread)::int AS all_unread,
      count(*) FILTER (WHERE x.eff = 'open' AND ${folderPredicate})::int AS open_total,
      count(*) FILTER (WHERE x.eff = 'open' AND x.unread AND ${folderPredicate})::int AS open_unread,
      count(*) FILTER (WHERE x.eff = 'pending' AND ${folderPredicate})::int AS pending_total,
      count(*) FILTER (WHERE x.eff = 'pending' AND x.unread AND ${folderPredicate})::int AS pending_unread,
      count(*) FILTER (WHERE x.eff = 'snoozed' AND ${folderPredicate})::int AS snoozed_total,
      count(*) FILTER (WHERE x.eff = 'snoozed' AND x.unread AND ${folderPredicate})::int AS snoozed_unread,
      count(*) FILTER (WHERE x.eff = 'resolved' AND x.unread AND ${folderPredicate})::int AS resolved_unread
    FROM (
      SELECT ${eff} AS eff, c."assigneeId", c."unreadCount" > 0 AS unread
      FROM "Conversation" c
      WHERE c."tenantId" = ${tenantId} AND (c.status <> 'resolved' OR c."unreadCount" > 0)
    ) x`);
  const r = rows[0] ?? {};
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    folders: {
      mine: { open: n("mine_open"), unread: n("mine_unread") },
      unassigned: { open: n("unassigned_open"), unread: n("unassigned_unread") },
      all: { open: n("all_open"), unread: n("all_unread") },
    },
    statuses: {
      open: { total: n("open_total"), unread: n("open_unread") },
      pending: { total: n("pending_total"), unread: n("pending_unread") },
      snoozed: { total: n("snoozed_total"), unread: n("snoozed_unread") },
      resolved: { total: null, unread: n("resolved_unread") },
    },
  };
}
