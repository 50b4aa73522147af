import type { TInbound, TIngestResult } from "@/lib/inbox/ingest";
import type { TMailSource } from "./imap";
import { emailInbound } from "./inbound";
import { parseEmail } from "./parse";

/**
 * One poll of one mailbox, independent of IMAP and the database (both are
 * injected), so the cursor and dedupe rules are tested on their own.
 *
 * Cursor (Channel.settings.imap): the mailbox's UIDVALIDITY and the highest UID
 * handled. UIDs only grow within one UIDVALIDITY, so "UID above the cursor" is
 * exactly the new mail.
 *
 * - First poll: the cursor starts at the newest message. Connecting a mailbox
 *   does not import its history (privacy: only mail sent to the channel from
 *   now on enters Sotto).
 * - UIDVALIDITY changed (mailbox rebuilt, UIDs reassigned): mail received since
 *   the day before the last successful poll is read again; ingest drops what it
 *   already has by Message-ID.
 * - Before each message the cursor of the previous one is saved, which also
 *   checks the channel is still active: a channel disconnected mid-poll ingests
 *   nothing more. A crash between ingest and save re-reads one message, which
 *   ingest recognises (same Message-ID and event key).
 * - A message that cannot be parsed, or is too large, is logged and skipped, so
 *   one bad mail never blocks the mailbox.
 * - A message with attachments while the virus scanner does not answer is not
 *   read: the pass stops before it (`deferred`), the cursor stays, and the next
 *   poll reads it again. Its files exist only in the mail, and a file that
 *   cannot be scanned is never stored, so waiting is the only way not to lose
 *   them (as a mail server's virus filter answers "try again later").
 */

export type TImapCursor = { uidValidity: string; lastUid: number; lastPollAt?: string | null };

export type TPollChannel = { tenantId: string; channelId: string; address: string; cursor: TImapCursor | null };

export type TPollDeps = {
  source: TMailSource;
  ingest: (m: TInbound) => Promise<TIngestResult>;
  /** Persists the cursor if the channel is still active; false means stop. */
  saveCursor: (cursor: TImapCursor) => Promise<boolean>;
  /** A delivery that was not ingested (too large, unparseable). */
  logSkipped: (outcome: "too_large" | "malformed", detail: string, eventKey: string) => Promise<void>;
  now: () => Date;
  /** Wait this long in IDLE for more mail after the first pass (0: don't). */
  idleMs?: number;
  /** Stores a newly ingested mail's attachment files (lib/email-channel/attachments.ts); failures are recorded, never thrown. */
  storeAttachments?: (tenantId: string, messageId: string, files: { fileName: string | null; content: Buffer; contentId: string | null }[]) => Promise<void>;
  /** Whether attachment files can be stored now (the virus scanner answers); false defers a mail with attachments. */
  attachmentsReady?: () => Promise<boolean>;
  /** Messages per pass; the rest waits for the next poll. */
  batch?: number;
  maxMessageBytes?: number;
};

export type TPollResult = {
  initialised: boolean;
  imported: number;
  duplicates: number;
  skipped: number;
  /** The channel stopped being active during the poll. */
  stopped: boolean;
  /** The pass stopped before a mail with attachments because they could not be stored now; the next poll reads it again. */
  deferred: boolean;
  cursor: TImapCursor;
};

export const DEFAULT_BATCH = 50;
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const DAY_MS = 86_400_000;

export async function pollMailbox(channel: TPollChannel, deps: TPollDeps): Promise<TPollResult> {
  const batch = deps.batch ?? DEFAULT_BATCH;
  const maxBytes = deps.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const started = deps.now();
  const result: TPollResult = { initialised: false, imported: 0, duplicates: 0, skipped: 0, stopped: false, deferred: false, cursor: channel.cursor ?? { uidValidity: "", lastUid: 0 } };

  const box = await deps.source.open();
  try {
    let cursor = channel.cursor;
    if (!cursor) {
      result.initialised = true;
      result.cursor = { uidValidity: box.uidValidity, lastUid: Math.max(0, box.uidNext - 1), lastPollAt: started.toISOString() };
      result.stopped = !(await deps.saveCursor(result.cursor));
      return result;
    }
    let since: Date | null = null;
    if (cursor.uidValidity !== box.uidValidity) {
      const last = cursor.lastPollAt ? new Date(cursor.lastPollAt) : started;
      since = new Date((Number.isNaN(last.getTime()) ? started : last).getTime() - DAY_MS);
      cursor = { uidValidity: box.uidValidity, lastUid: 0 };
    }

    const idleDeadline = started.getTime() + (deps.idleMs ?? 0);
    for (;;) {
      const refs = (await deps.source.listNew(cursor.lastUid, since)).slice(0, batch);
      for (const ref of refs) {
        if (!(await deps.saveCursor({ ...cursor, lastPollAt: deps.now().toISOString() }))) {
          result.stopped = true;
          result.cursor = cursor;
          return result;
        }
        const eventKey = `imap:${box.uidValidity}:${ref.uid}`;
        if (ref.size > maxBytes) {
          await deps.logSkipped("too_large", `Message of ${ref.size} bytes is over the ${maxBytes}-byte limit`, eventKey);
          result.skipped++;
        } else {
          const raw = await deps.source.source(ref.uid);
          if (raw && (await handle(raw, channel, box.uidValidity, ref.uid, eventKey, deps, result)) === "deferred") {
            result.deferred = true;
            break;
          }
        }
        cursor = { uidValidity: box.uidValidity, lastUid: ref.uid };
      }
      if (result.deferred) break;
      // After a UIDVALIDITY change with nothing recent, continue from the current end of the mailbox.
      if (since && !refs.length) cursor = { uidValidity: box.uidValidity, lastUid: Math.max(0, box.uidNext - 1) };
      since = null;
      const remaining = idleDeadline - deps.now().getTime();
      if (refs.length < batch && remaining > 0 && box.supportsIdle && (await deps.source.waitForMail(remaining))) continue;
      break;
    }
    result.cursor = { ...cursor, lastPollAt: deps.now().toISOString() };
    result.stopped = !(await deps.saveCursor(result.cursor));
    return result;
  } finally {
    await deps.source.close().catch(() => {});
  }
}

async function handle(raw: Buffer, channel: TPollChannel, uidValidity: string, uid: number, eventKey: string, deps: TPollDeps, result: TPollResult): Promise<"deferred" | void> {
  let parsed;
  try {
    parsed = await parseEmail(raw);
  } catch (error) {
    await deps.logSkipped("malformed", `The message could not be parsed (${error instanceof Error ? error.message.slice(0, 200) : "unknown error"})`, eventKey);
    result.skipped++;
    return;
  }
  // Copies of the channel's own outbound mail (some servers file them in INBOX) are not customer messages.
  if (!parsed.from || parsed.from.address === channel.address.toLowerCase()) {
    result.skipped++;
    return;
  }
  if (parsed.attachments.length && deps.storeAttachments && deps.attachmentsReady && !(await deps.attachmentsReady())) return "deferred";
  const inbound = emailInbound(parsed, { tenantId: channel.tenantId, channelId: channel.channelId }, { uidValidity, uid, eventKey, size: raw.length });
  const r = await deps.ingest(inbound);
  if (r.duplicate) result.duplicates++;
  else result.imported++;
  if (!r.duplicate && parsed.attachments.length && deps.storeAttachments) {
    await deps.storeAttachments(channel.tenantId, r.messageId, parsed.attachments.map((a, i) => ({ fileName: a.fileName, content: parsed.attachmentContents[i] ?? Buffer.alloc(0), contentId: a.contentId })));
  }
}
