import "server-only";
import { ImapFlow } from "imapflow";
import { LOOPBACK_HOSTS, resolveMailHost } from "./hosts";

/**
 * The IMAP side of an email channel, behind a small interface (`TMailSource`)
 * so the poller's cursor and dedupe logic is independent of the protocol
 * library. INBOX is opened read-only (EXAMINE) and bodies are fetched with
 * BODY.PEEK: Sotto never marks the customer's mail as read or changes flags.
 */

export type TImapServer = { host: string; port: number; secure: boolean };
export type TImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

export type TMailbox = { uidValidity: string; uidNext: number; supportsIdle: boolean };
export type TMessageRef = { uid: number; size: number };

export interface TMailSource {
  open(): Promise<TMailbox>;
  /** Messages with a UID above `afterUid` (ascending); with `since`, only those received on or after that day. */
  listNew(afterUid: number, since: Date | null): Promise<TMessageRef[]>;
  /** The raw RFC 5322 message, or null when it vanished meanwhile. */
  source(uid: number): Promise<Buffer | null>;
  /** IMAP IDLE: resolves true when new mail arrives within `ms`, false on timeout or without IDLE support. */
  waitForMail(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

const TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** A connected ImapFlow client; passwords never cross the network unencrypted except to a server on this machine. */
export async function connectImap(server: TImapServer, auth: TImapAuth): Promise<ImapFlow> {
  const { connectTo, servername } = await resolveMailHost(server.host);
  const client = new ImapFlow({
    host: connectTo,
    servername,
    port: server.port,
    secure: server.secure,
    doSTARTTLS: server.secure ? undefined : LOOPBACK_HOSTS.has(server.host) ? false : true,
    auth: "accessToken" in auth ? { user: auth.user, accessToken: auth.accessToken } : { user: auth.user, pass: auth.pass },
    logger: false,
    disableAutoIdle: true,
    ...TIMEOUTS,
  });
  // Errors after connect surface through the pending command; an unhandled 'error' event would crash the process.
  client.on("error", () => {});
  await client.connect();
  return client;
}

export function imapSource(server: TImapServer, auth: TImapAuth): TMailSource {
  let client: ImapFlow | null = null;
  let release: (() => void) | null = null;
  const need = () => {
    if (!client) throw new Error("IMAP source is not open");
    return client;
  };
  return {
    async open() {
      client = await connectImap(server, auth);
      const lock = await client.getMailboxLock("INBOX", { readOnly: true });
      release = () => lock.release();
      const box = client.mailbox;
      if (!box) throw new Error("INBOX could not be opened");
      return { uidValidity: String(box.uidValidity), uidNext: Number(box.uidNext), supportsIdle: client.capabilities.has("IDLE") };
    },
    async listNew(afterUid, since) {
      const c = need();
      const out: TMessageRef[] = [];
      if (since) {
        const uids = (await c.search({ since }, { uid: true })) || [];
        const wanted = uids.filter((u) => u > afterUid).sort((a, b) => a - b);
        if (!wanted.length) return [];
        for await (const m of c.fetch(wanted.join(","), { uid: true, size: true }, { uid: true })) out.push({ uid: m.uid, size: m.size ?? 0 });
      } else {
        // `N:*` always includes the newest message, even when its UID is below N: filter.
        for await (const m of c.fetch(`${afterUid + 1}:*`, { uid: true, size: true }, { uid: true })) {
          if (m.uid > afterUid) out.push({ uid: m.uid, size: m.size ?? 0 });
        }
      }
      return out.sort((a, b) => a.uid - b.uid);
    },
    async source(uid) {
      const m = await need().fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      return m && m.source ? Buffer.from(m.source) : null;
    },
    async waitForMail(ms) {
      const c = need();
      if (!c.capabilities.has("IDLE") || ms <= 0) return false;
      return new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          clearTimeout(timer);
          c.off("exists", onExists);
          resolve(value);
        };
        const onExists = () => done(true);
        const timer = setTimeout(() => done(false), ms);
        c.on("exists", onExists);
        // The next command (fetch) ends IDLE by itself.
        c.idle().catch(() => done(false));
      });
    },
    async close() {
      release?.();
      release = null;
      const c = client;
      client = null;
      if (!c) return;
      await c.logout().catch(() => c.close());
    },
  };
}

/** Logs in and out: checks IMAP settings before they are stored. Throws the library's error. */
export async function verifyImapLogin(server: TImapServer, auth: TImapAuth): Promise<void> {
  const client = await connectImap(server, auth);
  await client.logout().catch(() => client.close());
}
