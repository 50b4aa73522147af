import "server-only";
import net from "node:net";
import { env, isProduction } from "@/lib/env";
import { log } from "@/lib/log";
import { AttachmentRefused } from "./errors";

/**
 * Malware scanning of every attachment before it is stored (uploads by agents
 * and visitors, inbound media, email attachments: all pass through
 * writeAttachmentFile), by a ClamAV daemon when `CLAMAV_URL` names one
 * (`tcp://host:3310` or `unix:///run/clamav/clamd.ctl`).
 *
 * The client speaks clamd's documented INSTREAM command (clamd(8)): the
 * command `zINSTREAM\0`, the file as chunks each prefixed with its length as a
 * 4-byte big-endian integer, a zero-length chunk to end, and one NUL-terminated
 * reply: `stream: OK`, `stream: <signature> FOUND`, or `… ERROR`. It is written
 * here because the protocol is a few lines, while the npm clients
 * (clamscan) probe for local binaries and configuration files that a server
 * talking to a clamd container does not have.
 *
 * Fail closed: when a scanner is configured and does not answer, or answers
 * with an error (a StreamMaxLength below ATTACHMENT_MAX_BYTES, say), the file
 * is not stored (ScannerUnavailable: uploads answer 503, inbound media retries).
 */
export type TScanVerdict = { clean: true } | { clean: false; signature: string };

export class ScannerUnavailable extends Error {
  override readonly name = "ScannerUnavailable";
}

const CHUNK = 64 * 1024;
const MAX_REPLY = 4096;

type TTarget = { path: string } | { host: string; port: number };

export function parseClamdUrl(url: string): TTarget {
  const u = new URL(url);
  if (u.protocol === "unix:") return { path: decodeURIComponent(u.pathname) };
  if (u.protocol === "tcp:" && u.hostname) return { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port ? Number(u.port) : 3310 };
  throw new Error(`CLAMAV_URL must be tcp://host:port or unix:///path, not ${u.protocol}`);
}

/**
 * One clamd command over a fresh connection: `send` writes it, the promise
 * gives clamd's NUL-terminated reply line. No answer in time, a refused or
 * dropped connection, or an oversized reply is ScannerUnavailable.
 */
function clamdCommand(url: string, timeoutMs: number, send: (socket: net.Socket) => void): Promise<string> {
  const target = parseClamdUrl(url);
  return new Promise((resolve, reject) => {
    const socket = "path" in target ? net.connect(target.path) : net.connect(target.port, target.host);
    const reply: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: Error | null, line?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(line!);
    };
    socket.setTimeout(timeoutMs, () => finish(new ScannerUnavailable(`clamd did not answer within ${timeoutMs} ms`)));
    socket.on("error", (e) => finish(new ScannerUnavailable(`clamd is unreachable: ${e.message}`)));
    socket.on("data", (d: Buffer) => {
      reply.push(d);
      size += d.length;
      const text = Buffer.concat(reply).toString("utf8");
      const end = text.indexOf("\0");
      if (end >= 0) finish(null, text.slice(0, end));
      else if (size > MAX_REPLY) finish(new ScannerUnavailable("clamd sent an unexpected reply"));
    });
    socket.on("close", () => finish(new ScannerUnavailable("clamd closed the connection without a verdict")));
    socket.on("connect", () => send(socket));
  });
}

/** One INSTREAM scan of `bytes` by the clamd at `url`. */
export async function clamdScan(url: string, bytes: Uint8Array, timeoutMs: number): Promise<TScanVerdict> {
  const line = await clamdCommand(url, timeoutMs, (socket) => {
    socket.write("zINSTREAM\0");
    for (let at = 0; at < bytes.byteLength; at += CHUNK) {
      const chunk = bytes.subarray(at, Math.min(at + CHUNK, bytes.byteLength));
      const len = Buffer.alloc(4);
      len.writeUInt32BE(chunk.byteLength);
      socket.write(len);
      socket.write(chunk);
    }
    socket.write(Buffer.alloc(4));
  });
  return verdictOf(line);
}

/**
 * clamd's documented `zPING` (answered `PONG`): whether a scan could be asked
 * for now. Used where a file that cannot be scanned must wait rather than be
 * refused (the email poll leaves such a mail on the server for the next poll).
 */
export function clamdPing(url: string, timeoutMs: number): Promise<boolean> {
  return clamdCommand(url, timeoutMs, (socket) => socket.write("zPING\0")).then(
    (line) => line.trim() === "PONG",
    () => false,
  );
}

/** True when files can be stored now: no scanner is configured, or the configured one answers. */
export async function scannerReady(): Promise<boolean> {
  const url = env.CLAMAV_URL;
  return url ? clamdPing(url, env.CLAMAV_TIMEOUT_MS) : true;
}

function verdictOf(line: string): TScanVerdict {
  const text = line.trim();
  if (/^stream: OK$/.test(text)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found) return { clean: false, signature: found[1]!.slice(0, 200) };
  throw new ScannerUnavailable(`clamd refused the scan: ${text.slice(0, 200)}`);
}

/**
 * Throws AttachmentRefused("infected") for a file a configured scanner flags,
 * ScannerUnavailable when it cannot be asked; does nothing when no scanner is
 * configured.
 */
let warnedUnscanned = false;

export async function assertNoMalware(tenantId: string, bytes: Uint8Array, sha256: string): Promise<void> {
  const url = env.CLAMAV_URL;
  if (!url) {
    if (isProduction() && !warnedUnscanned) {
      warnedUnscanned = true;
      log.warn("security: attachments are not scanned for malware; set CLAMAV_URL to a clamd (tcp://host:3310)");
    }
    return;
  }
  const verdict = await clamdScan(url, bytes, env.CLAMAV_TIMEOUT_MS);
  if (verdict.clean) return;
  log.warn("security: attachment refused, malware found", { tenantId, signature: verdict.signature, sha256, size: bytes.byteLength });
  throw new AttachmentRefused("infected", `The file was refused: the virus scanner found ${verdict.signature}.`);
}
