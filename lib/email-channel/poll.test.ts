import { describe, expect, it } from "vitest";
import type { TInbound } from "@/lib/inbox/ingest";
import type { TMailSource } from "./imap";
import { pollMailbox, type TImapCursor, type TPollDeps } from "./poll";

/** Cursor rules with a scripted mailbox (the IMAP path itself is covered by poll.int.test.ts on a real server). */
const raw = (id: string) =>
  id.startsWith("files")
    ? Buffer.from(
        `From: a@example.com\r\nSubject: s\r\nMessage-ID: <${id}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody ${id}\r\n--b\r\nContent-Type: text/plain; name="a.txt"\r\nContent-Disposition: attachment; filename="a.txt"\r\n\r\nfile\r\n--b--\r\n`,
      )
    : Buffer.from(`From: a@example.com\r\nSubject: s\r\nMessage-ID: <${id}>\r\n\r\nbody ${id}`);

function fakeSource(box: { uidValidity: string; uidNext: number; messages: { uid: number; id: string; size?: number; day?: string }[] }) {
  const calls: { afterUid: number; since: string | null }[] = [];
  const source: TMailSource = {
    open: async () => ({ uidValidity: box.uidValidity, uidNext: box.uidNext, supportsIdle: false }),
    listNew: async (afterUid, since) => {
      calls.push({ afterUid, since: since?.toISOString().slice(0, 10) ?? null });
      return box.messages.filter((m) => m.uid > afterUid && (!since || (m.day ?? "2026-11-24") >= since.toISOString().slice(0, 10))).map((m) => ({ uid: m.uid, size: m.size ?? 100 }));
    },
    source: async (uid) => raw(box.messages.find((m) => m.uid === uid)!.id),
    waitForMail: async () => false,
    close: async () => {},
  };
  return { source, calls };
}

function deps(source: TMailSource, opts: { activeFor?: number } = {}) {
  const ingested: TInbound[] = [];
  const saved: TImapCursor[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const d: TPollDeps = {
    source,
    ingest: async (m) => {
      ingested.push(m);
      const duplicate = seen.has(m.providerMessageId!);
      seen.add(m.providerMessageId!);
      return { messageId: "m", conversationId: "c", contactId: "k", duplicate };
    },
    saveCursor: async (c) => {
      saved.push(c);
      return opts.activeFor === undefined || saved.length <= opts.activeFor;
    },
    logSkipped: async (outcome) => void skipped.push(outcome),
    now: () => new Date("2026-11-24T12:00:00Z"),
    batch: 2,
    maxMessageBytes: 1000,
  };
  return { d, ingested, saved, skipped };
}

const channel = (cursor: TImapCursor | null) => ({ tenantId: "t1", channelId: "ch1", address: "support@acme.test", cursor });

describe("pollMailbox cursor", () => {
  it("takes at most one batch per poll, in UID order, and saves the cursor after each message", async () => {
    const { source } = fakeSource({ uidValidity: "7", uidNext: 14, messages: [10, 11, 12, 13].map((uid) => ({ uid, id: `m${uid}@x` })) });
    const { d, ingested, saved } = deps(source);
    const r = await pollMailbox(channel({ uidValidity: "7", lastUid: 10 }), d);
    expect(ingested.map((m) => m.providerMessageId)).toEqual(["<m11@x>", "<m12@x>"]);
    expect(ingested[0]!.raw.eventKey).toBe("imap:7:11");
    expect(r.cursor).toMatchObject({ uidValidity: "7", lastUid: 12 });
    expect(saved.map((c) => c.lastUid)).toEqual([10, 11, 12]);
  });

  it("stops before a mail with attachments while they cannot be stored, and keeps the cursor before it", async () => {
    const { source } = fakeSource({ uidValidity: "7", uidNext: 14, messages: [{ uid: 11, id: "m11@x" }, { uid: 12, id: "files12@x" }, { uid: 13, id: "m13@x" }] });
    const { d, ingested, saved } = deps(source);
    const stored: string[] = [];
    let ready = false;
    const down = { ...d, batch: 10, storeAttachments: async (_t: string, messageId: string) => void stored.push(messageId), attachmentsReady: async () => ready };
    const r = await pollMailbox(channel({ uidValidity: "7", lastUid: 10 }), down);
    expect(r).toMatchObject({ deferred: true, imported: 1, cursor: { lastUid: 11 } });
    expect(ingested.map((m) => m.providerMessageId)).toEqual(["<m11@x>"]);
    expect(saved.at(-1)).toMatchObject({ lastUid: 11 });
    expect(stored).toEqual([]);

    ready = true;
    const again = await pollMailbox(channel(r.cursor), down);
    expect(again).toMatchObject({ deferred: false, imported: 2, cursor: { lastUid: 13 } });
    expect(ingested.map((m) => m.providerMessageId)).toEqual(["<m11@x>", "<files12@x>", "<m13@x>"]);
    expect(stored).toHaveLength(1);
  });

  it("stops before the next message when the channel is no longer active", async () => {
    const { source } = fakeSource({ uidValidity: "7", uidNext: 13, messages: [11, 12].map((uid) => ({ uid, id: `m${uid}@x` })) });
    const { d, ingested } = deps(source, { activeFor: 1 });
    const r = await pollMailbox(channel({ uidValidity: "7", lastUid: 10 }), d);
    expect(ingested).toHaveLength(1);
    expect(r.stopped).toBe(true);
  });

  it("after a UIDVALIDITY change re-reads mail since the day before the last poll; ingest dedupes", async () => {
    const { source, calls } = fakeSource({
      uidValidity: "8",
      uidNext: 4,
      messages: [
        { uid: 1, id: "old@x", day: "2026-11-01" },
        { uid: 2, id: "recent@x", day: "2026-11-23" },
        { uid: 3, id: "new@x", day: "2026-11-24" },
      ],
    });
    const { d, ingested } = deps(source);
    const r = await pollMailbox(channel({ uidValidity: "7", lastUid: 900, lastPollAt: "2026-11-24T11:59:00Z" }), d);
    expect(calls[0]).toEqual({ afterUid: 0, since: "2026-11-23" });
    expect(ingested.map((m) => m.providerMessageId)).toEqual(["<recent@x>", "<new@x>"]);
    expect(r.cursor).toMatchObject({ uidValidity: "8", lastUid: 3 });
  });

  it("logs and skips a message over the size limit instead of blocking the mailbox", async () => {
    const { source } = fakeSource({ uidValidity: "7", uidNext: 13, messages: [{ uid: 11, id: "big@x", size: 5000 }, { uid: 12, id: "ok@x" }] });
    const { d, ingested, skipped } = deps(source);
    const r = await pollMailbox(channel({ uidValidity: "7", lastUid: 10 }), d);
    expect(skipped).toEqual(["too_large"]);
    expect(ingested.map((m) => m.providerMessageId)).toEqual(["<ok@x>"]);
    expect(r.cursor.lastUid).toBe(12);
  });
});
