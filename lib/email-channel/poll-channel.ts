import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { pool, withTenant } from "@/lib/db/client";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { ingestInbound } from "@/lib/inbox/ingest";
import { scannerReady } from "@/lib/storage/scan";
import { storeEmailAttachments } from "./attachments";
import { relayOutboxSoon } from "@/lib/inbox/outbox-relay";
import { openEmailCredentials, sealCredentials, type TEmailChannelCredentials } from "@/lib/channels/credentials";
import { imapSource, type TImapAuth, type TMailSource } from "./imap";
import { OAuthTokenError, oauthProvider, refreshAccessToken, type TOAuthProvider, type TOAuthProviderId } from "./oauth";
import { pollMailbox, type TImapCursor, type TPollResult } from "./poll";

/**
 * Polls one email channel: loads it under its tenant's RLS context, decrypts
 * its credentials (refreshing an OAuth access token when it is about to
 * expire), runs `pollMailbox` against its IMAP server and records the outcome
 * in `Channel.settings.imap` (cursor, last poll, last error). Errors are
 * recorded, not thrown: one broken mailbox must not stop the others.
 *
 * A refresh token the provider no longer accepts (revoked, password changed)
 * puts the channel in `error`: it is not polled again until an admin
 * reconnects it.
 */

export type TPollChannelOptions = {
  /** Test seams: the IMAP source and the OAuth provider configuration. */
  sourceFor?: (creds: TEmailChannelCredentials, auth: TImapAuth) => TMailSource;
  providerFor?: (id: TOAuthProviderId) => TOAuthProvider;
  idleMs?: number;
};

export type TPollChannelOutcome =
  | { status: "polled"; result: TPollResult }
  | { status: "skipped"; reason: "not_found" | "inactive" | "sandbox" | "no_credentials" }
  | { status: "failed"; error: string };

const REFRESH_MARGIN_MS = 5 * 60_000;
const DEFERRED_MESSAGE = "New mail with attachments is waiting on the server: the virus scanner does not answer. It is read as soon as the scanner is back.";

type TImapState = TImapCursor & { lastError?: string | null; lastErrorAt?: string | null };

function imapState(settings: unknown): TImapCursor | null {
  const s = settings && typeof settings === "object" ? (settings as Record<string, unknown>).imap : null;
  if (!s || typeof s !== "object") return null;
  const o = s as Record<string, unknown>;
  if (typeof o.uidValidity !== "string" || typeof o.lastUid !== "number") return null;
  return {
    uidValidity: o.uidValidity,
    lastUid: o.lastUid,
    lastPollAt: typeof o.lastPollAt === "string" ? o.lastPollAt : null,
  };
}

function lastErrorOf(settings: unknown): string | null {
  const imap = settings && typeof settings === "object" ? (settings as Record<string, unknown>).imap : null;
  const e = imap && typeof imap === "object" ? (imap as Record<string, unknown>).lastError : null;
  return typeof e === "string" ? e : null;
}

/** Writes settings.imap (merged) while the channel is active; false when it no longer is. */
async function writeImapState(tenantId: string, channelId: string, patch: Partial<TImapState>, status: "active" | "error" = "active"): Promise<boolean> {
  return withTenant(tenantId, async (tx) => {
    const n = await tx.$executeRaw(Prisma.sql`
      UPDATE "Channel" SET
        settings = jsonb_set(settings, '{imap}', coalesce(settings->'imap', '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb, true),
        status = ${status}::"ChannelStatus",
        "updatedAt" = now() AT TIME ZONE 'UTC'
      WHERE id = ${channelId} AND "tenantId" = ${tenantId} AND status = 'active'`);
    return n === 1;
  });
}

async function logDelivery(tenantId: string, channelId: string, outcome: string, detail: string, eventKey: string | null): Promise<void> {
  await pool()
    .query("SELECT sotto_log_delivery($1, $2, $3, $4, $5, $6)", [tenantId, channelId, outcome, 0, detail.slice(0, 500), eventKey])
    .catch((error) => log.warn("email delivery log write failed", { error, channelId, outcome }));
}

/** A current access token for an OAuth mailbox, refreshed and re-sealed when it expires within five minutes. */
async function accessTokenFor(
  channel: { tenantId: string; id: string },
  creds: TEmailChannelCredentials,
  providerFor: (id: TOAuthProviderId) => TOAuthProvider,
): Promise<string> {
  const oauth = creds.oauth!;
  if (oauth.expiresAt - now().getTime() > REFRESH_MARGIN_MS) return oauth.accessToken;
  const tokens = await refreshAccessToken(providerFor(oauth.provider), oauth.refreshToken, now());
  const next: TEmailChannelCredentials = {
    ...creds,
    imap: { ...creds.imap, pass: tokens.accessToken },
    smtp: { ...creds.smtp, pass: tokens.accessToken },
    // Microsoft rotates refresh tokens; Google keeps the old one valid and sends none.
    oauth: { ...oauth, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? oauth.refreshToken, expiresAt: tokens.expiresAt },
  };
  await withTenant(channel.tenantId, (tx) =>
    tx.channel.updateMany({ where: { id: channel.id, tenantId: channel.tenantId, status: "active" }, data: { credentials: sealCredentials(channel, "email", next) } }),
  );
  return tokens.accessToken;
}

export async function pollEmailChannel(tenantId: string, channelId: string, opts: TPollChannelOptions = {}): Promise<TPollChannelOutcome> {
  const channel = await withTenant(tenantId, (tx) =>
    tx.channel.findFirst({ where: { id: channelId, tenantId, type: "email" }, select: { id: true, tenantId: true, externalId: true, status: true, sandbox: true, settings: true, credentials: true } }),
  );
  if (!channel) return { status: "skipped", reason: "not_found" };
  if (channel.status !== "active") return { status: "skipped", reason: "inactive" };
  if (channel.sandbox) return { status: "skipped", reason: "sandbox" };
  const state = imapState(channel.settings);
  const previousError = lastErrorOf(channel.settings);

  const fail = async (message: string, status: "active" | "error" = "active"): Promise<TPollChannelOutcome> => {
    // One delivery-log line per distinct error, not one a minute.
    if (message !== previousError) await logDelivery(tenantId, channelId, "fetch_failed", message, null);
    await writeImapState(tenantId, channelId, { lastError: message, lastErrorAt: now().toISOString() }, status);
    return { status: "failed", error: message };
  };

  let creds: TEmailChannelCredentials | null;
  try {
    creds = openEmailCredentials(channel);
  } catch (error) {
    log.error("email channel credentials cannot be decrypted", { tenantId, channelId, error });
    return fail("The stored credentials cannot be read. Reconnect the mailbox.");
  }
  if (!creds) return { status: "skipped", reason: "no_credentials" };

  let auth: TImapAuth;
  try {
    auth = creds.oauth ? { user: creds.imap.user, accessToken: await accessTokenFor(channel, creds, opts.providerFor ?? oauthProvider) } : { user: creds.imap.user, pass: creds.imap.pass };
  } catch (error) {
    if (error instanceof OAuthTokenError && error.code === "invalid_grant") {
      return fail("The mailbox sign-in was revoked or expired. Reconnect it.", "error");
    }
    return fail(error instanceof Error ? error.message : "The access token could not be refreshed.");
  }

  const source = (opts.sourceFor ?? ((c, a) => imapSource(c.imap, a)))(creds, auth);
  try {
    const result = await pollMailbox(
      { tenantId, channelId, address: channel.externalId, cursor: state },
      {
        source,
        ingest: (m) => ingestInbound(m, { logHttpStatus: 200 }),
        storeAttachments: storeEmailAttachments,
        attachmentsReady: scannerReady,
        saveCursor: (cursor) => writeImapState(tenantId, channelId, { ...cursor, lastError: null, lastErrorAt: null }),
        logSkipped: (outcome, detail, eventKey) => logDelivery(tenantId, channelId, outcome, detail, eventKey),
        now,
        idleMs: opts.idleMs ?? env.EMAIL_IDLE_SECONDS * 1000,
      },
    );
    if (result.imported) relayOutboxSoon();
    if (result.deferred) {
      log.warn("email poll deferred a mail with attachments: the virus scanner does not answer", { tenantId, channelId, lastUid: result.cursor.lastUid });
      if (DEFERRED_MESSAGE !== previousError) await logDelivery(tenantId, channelId, "deferred", DEFERRED_MESSAGE, null);
      await writeImapState(tenantId, channelId, { lastError: DEFERRED_MESSAGE, lastErrorAt: now().toISOString() });
    }
    return { status: "polled", result };
  } catch (error) {
    const message = imapErrorMessage(error);
    log.warn("email poll failed", { tenantId, channelId, error: message });
    return fail(message);
  }
}

/** imapflow errors, in words an admin can act on (never the password). */
export function imapErrorMessage(error: unknown): string {
  const e = error as { authenticationFailed?: boolean; code?: string; responseText?: string; message?: string };
  if (e?.authenticationFailed) return "The IMAP server refused the user name and password (or token).";
  if (e?.code === "ECONNREFUSED") return "The IMAP server refused the connection.";
  if (e?.code === "ENOTFOUND" || e?.code === "EAI_AGAIN") return "The IMAP server's host name does not resolve.";
  if (e?.code === "ETIMEDOUT" || e?.code === "ConnectionTimeout" || e?.code === "GreetingTimeout") return "The IMAP server did not answer in time.";
  if (e?.code === "NoConnection" || e?.code === "ECONNRESET") return "The connection to the IMAP server was lost.";
  if (typeof e?.code === "string" && /CERT|SSL|TLS/i.test(e.code)) return `The IMAP server's TLS certificate was not accepted (${e.code}).`;
  const text = e?.responseText ?? e?.message ?? "unknown error";
  return `IMAP error: ${String(text).slice(0, 200)}`;
}
