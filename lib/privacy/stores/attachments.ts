import { Prisma } from "@/lib/db/generated/client";
import { defineStore, activeHolds, holdBasis } from "../registry";
import { col, iso, jsonRows } from "../json-rows";
import { subjectConversationIds } from "./messages";

const a = (name: string) => col("a", name);

/**
 * Attachment metadata. The bytes live in the attachment storage module; until
 * it exists there is nothing to read or delete there. When it lands it calls
 * `registerAttachmentFiles` once (at import) and exports and erasures include
 * the files with no change here.
 */
export type TAttachmentFiles = {
  read(storageKey: string): Promise<Uint8Array | null>;
  remove(storageKeys: string[]): Promise<void>;
};

const files: { impl?: TAttachmentFiles } = {};

export function registerAttachmentFiles(impl: TAttachmentFiles): void {
  files.impl = impl;
}

export function attachmentFiles(): TAttachmentFiles | undefined {
  return files.impl;
}

export const attachmentsStore = defineStore({
  name: "attachments",
  label: "Attachments (file details)",
  category: "conversation-logs",
  exportSql: (_q, s) =>
    jsonRows(
      {
        id: a("id"), messageId: a("messageId"), fileName: a("fileName"), contentType: a("contentType"), size: a("size"),
        sha256: a("sha256"), storageKey: a("storageKey"), createdAt: iso(a("createdAt")),
      },
      Prisma.sql`FROM "Attachment" a WHERE a."tenantId" = ${s.tenantId} AND a."messageId" IN (
        SELECT m.id FROM "Message" m WHERE m."tenantId" = ${s.tenantId} AND m."conversationId" IN (${subjectConversationIds(s)}))`,
      [a("createdAt"), a("id")],
    ),
  async eraser(tx, s) {
    const holds = await activeHolds(tx, s);
    const rows = await tx.attachment.findMany({
      where: { tenantId: s.tenantId, message: { conversation: { contactId: { in: s.contactIds } } } },
      select: { id: true, storageKey: true, message: { select: { conversationId: true } } },
    });
    const held = rows.filter((r) => r.message && holds.conversationIds.has(r.message.conversationId));
    const gone = rows.filter((r) => !held.includes(r));
    if (gone.length) {
      await tx.attachment.deleteMany({ where: { tenantId: s.tenantId, id: { in: gone.map((r) => r.id) } } });
      await files.impl?.remove(gone.map((r) => r.storageKey));
    }
    return {
      deleted: gone.length,
      anonymised: 0,
      retained: held.length,
      retainedItems: held.map((r) => ({ store: "attachments", ref: r.id, basis: holdBasis(holds.reasons.get(r.message!.conversationId)) })),
    };
  },
});
