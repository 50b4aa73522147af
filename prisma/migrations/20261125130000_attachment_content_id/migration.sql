-- Inline email images: an email part's Content-ID is kept on its Attachment row,
-- so the inbox can swap `<img src="cid:…">` in that message's HTML for a signed
-- download URL of the stored file (lib/email-channel/inline-images.ts).
--
-- Why a column and not the payload: the message's payload holds the declared
-- parts and, after storing, which attachment each became (`mediaFetch`), but
-- that outcome is written after the files, best effort. The column is written
-- with the row itself, so a stored image always knows its Content-ID.
--
-- No index: it is only read with the message's own attachments (by
-- "messageId", already indexed), never looked up across messages: a cid can
-- only ever name a part of the same message.

-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN "contentId" TEXT;
