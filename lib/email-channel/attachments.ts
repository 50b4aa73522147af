import "server-only";
import { withTenant } from "@/lib/db/client";
import { log } from "@/lib/log";
import { storeAttachment } from "@/lib/storage/attachments";
import { AttachmentRefused } from "@/lib/storage/errors";
import { ScannerUnavailable } from "@/lib/storage/scan";
import { recordMediaOutcome, type TMediaItemResult } from "@/lib/storage/inbound-media";

/**
 * An ingested mail's attachments into attachment storage, as the message's
 * Attachment rows. Runs in the email poll (a background job), after ingest
 * committed the message. The bytes exist only while the mail is in hand, so
 * there is no later retry: a file refused (too large, type not allowed) or
 * not stored (storage down) is recorded on the message with the reason, and
 * the inbox shows it as unavailable; the poll itself goes on.
 *
 * A part with a Content-ID keeps it on its row, written in the same
 * transaction as the row, so `<img src="cid:…">` in the message's HTML finds
 * the stored image (lib/email-channel/inline-images.ts).
 */
export type TEmailFile = { fileName: string | null; content: Buffer; contentId?: string | null };

export async function storeEmailAttachments(tenantId: string, messageId: string, files: TEmailFile[]): Promise<void> {
  const results: TMediaItemResult[] = [];
  for (const [index, f] of files.entries()) {
    try {
      const input = { tenantId, messageId, fileName: f.fileName ?? `attachment-${index + 1}`, body: new Uint8Array(f.content) };
      const contentId = f.contentId?.trim() || null;
      const stored = contentId
        ? await withTenant(tenantId, async (tx) => {
            const row = await storeAttachment(input, tx);
            await tx.attachment.updateMany({ where: { tenantId, id: row.id }, data: { contentId: contentId.slice(0, 300) } });
            return row;
          })
        : await storeAttachment(input);
      results.push({ index, status: "stored", attachmentId: stored.id });
    } catch (error) {
      if (error instanceof AttachmentRefused) {
        results.push({ index, status: "failed", code: error.code, reason: `${f.fileName ?? "An attachment"}: ${error.message}` });
      } else if (error instanceof ScannerUnavailable) {
        log.error("email attachment not stored: the virus scanner is unavailable", { tenantId, messageId, index, error: error.message });
        results.push({ index, status: "failed", code: "scanner_unavailable", reason: `${f.fileName ?? "An attachment"} could not be checked for viruses (the scanner did not answer), so it was not kept. Ask the sender to send it again.` });
      } else {
        log.error("email attachment not stored", { tenantId, messageId, index, error });
        results.push({ index, status: "failed", code: "storage_error", reason: `${f.fileName ?? "An attachment"} could not be stored. Ask the sender to send it again.` });
      }
    }
  }
  await recordMediaOutcome(tenantId, messageId, results).catch((error: unknown) => log.warn("email attachment outcome not recorded", { tenantId, messageId, error }));
}
