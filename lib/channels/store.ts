import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { ChannelType } from "@/lib/db/generated/enums";
import { withTenant, type TTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { TAuditAction } from "@/lib/audit/actions";
import { ActionError } from "@/lib/actions/errors";
import { clearChannelRouteCache } from "@/lib/inbox/channel-route";
import type { TRole } from "@/lib/auth/roles";
import type { TSessionUser } from "@/lib/auth/session";
import type { TRequestContext } from "@/lib/http/request-context";
import { sealCredentials, sealWebhookSecret } from "./credentials";
import { CHANNEL_TYPE_LABELS, routingKeyLabel } from "./types";

export type TChannelActor = { user: Pick<TSessionUser, "id" | "email">; role: TRole; tenant: { id: string; name?: string; slug?: string } };
export type TAuditCtx = Pick<TRequestContext, "requestId" | "ipPrefix">;

/** How a channel was connected, recorded in the audit trail. */
export type TConnectMethod = "manual" | "sandbox" | "embedded_signup" | "oauth_google" | "oauth_microsoft" | "widget";

export type TNewChannel = {
  type: ChannelType;
  name: string;
  externalId: string;
  sandbox: boolean;
  /** Non-secret settings; merged over what a reconnected row had. */
  settings: Record<string, unknown>;
  /** Credentials JSON (encrypted here); null stores none (sandbox, widget). */
  credentials: Record<string, unknown> | null;
  /** Per-channel webhook secret (Twilio auth token); encrypted here. */
  webhookSecret: string | null;
  method: TConnectMethod;
};

/** Settings written by running jobs that must not survive a reconnection (new credentials may point elsewhere). */
const VOLATILE_SETTINGS = ["imap", "lastError"] as const;

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
}

export async function audit(tx: TTx, actor: TChannelActor, action: TAuditAction, channelId: string, metadata: Record<string, unknown>, ctx: TAuditCtx) {
  await recordAudit(tx, {
    tenantId: actor.tenant.id,
    action,
    actor: { userId: actor.user.id, email: actor.user.email },
    target: { type: "channel", id: channelId },
    metadata,
    context: ctx,
  });
}

/**
 * Connects a channel: a new row, or the tenant's own disconnected row with the
 * same routing key brought back (its conversations stay attached). Credentials
 * are encrypted bound to the row id, so the row exists before they are
 * written; both happen in one transaction with the audit event.
 *
 * A routing key can be connected once across all workspaces. Another
 * workspace's disconnected row lets go of it (`sotto_release_channel_key`); an
 * active one is a conflict, reported without naming that workspace.
 */
export async function connectChannel(actor: TChannelActor, input: TNewChannel, ctx: TAuditCtx): Promise<{ id: string; reconnected: boolean }> {
  const tenantId = actor.tenant.id;
  const what = `${CHANNEL_TYPE_LABELS[input.type]} ${routingKeyLabel(input.type).toLowerCase()} ${input.externalId}`;
  try {
    const out = await withTenant(tenantId, async (tx) => {
      const existing = await tx.channel.findFirst({ where: { tenantId, type: input.type, externalId: input.externalId }, select: { id: true, status: true, settings: true } });
      if (existing && existing.status !== "disconnected") {
        throw new ActionError("conflict", `This ${what} is already connected in this workspace.`);
      }
      let id: string;
      if (existing) {
        id = existing.id;
        const kept = asObject(existing.settings);
        for (const k of VOLATILE_SETTINGS) delete kept[k];
        await tx.channel.update({
          where: { id },
          data: { name: input.name, status: "active", sandbox: input.sandbox, settings: { ...kept, ...input.settings } as Prisma.InputJsonObject },
        });
      } else {
        await tx.$queryRaw`SELECT sotto_release_channel_key(${input.type}::"ChannelType", ${input.externalId})`;
        const row = await tx.channel.create({
          data: { tenantId, type: input.type, name: input.name, externalId: input.externalId, sandbox: input.sandbox, settings: input.settings as Prisma.InputJsonObject },
          select: { id: true },
        });
        id = row.id;
      }
      const ref = { tenantId, id };
      await tx.channel.update({
        where: { id },
        data: {
          credentials: input.credentials ? sealCredentials(ref, input.type, input.credentials) : null,
          webhookSecret: input.webhookSecret ? sealWebhookSecret(ref, input.webhookSecret) : null,
        },
      });
      // Identifiers only: secrets never enter the audit trail (recordAudit strips secret-looking keys as a second line of defence).
      await audit(tx, actor, "channel.connected", id, { type: input.type, name: input.name, externalId: input.externalId, sandbox: input.sandbox, method: input.method, reconnected: Boolean(existing) }, ctx);
      return { id, reconnected: Boolean(existing) };
    });
    return out;
  } catch (e) {
    if (isUniqueViolation(e)) throw new ActionError("conflict", `This ${what} is connected in another Sotto workspace. Disconnect it there first.`);
    throw e;
  } finally {
    // This process stops serving a stale route at once; others within the route cache's few seconds.
    clearChannelRouteCache();
  }
}

/**
 * Disconnects a channel: status `disconnected` and both secrets deleted in the
 * same statement, audited in the same transaction. Webhooks for its routing key
 * are refused from then on (the accept paths check the status), the poller no
 * longer lists it, and reconnecting needs the credentials entered again.
 */
export async function disconnectChannel(actor: TChannelActor, channelId: string, ctx: TAuditCtx): Promise<void> {
  const tenantId = actor.tenant.id;
  try {
    await withTenant(tenantId, async (tx) => {
      const channel = await tx.channel.findFirst({ where: { id: channelId, tenantId }, select: { id: true, type: true, name: true, externalId: true, status: true, settings: true } });
      if (!channel) throw new ActionError("not_found", "That channel does not exist.");
      if (channel.status === "disconnected") throw new ActionError("conflict", "That channel is already disconnected.");
      const settings = asObject(channel.settings);
      for (const k of VOLATILE_SETTINGS) delete settings[k];
      const { count } = await tx.channel.updateMany({
        where: { id: channelId, tenantId, status: { not: "disconnected" } },
        data: { status: "disconnected", credentials: null, webhookSecret: null, settings: settings as Prisma.InputJsonObject },
      });
      if (count !== 1) throw new ActionError("conflict", "That channel is already disconnected.");
      await audit(tx, actor, "channel.disconnected", channelId, { type: channel.type, name: channel.name, externalId: channel.externalId }, ctx);
    });
  } finally {
    clearChannelRouteCache();
  }
}

export async function renameChannel(actor: TChannelActor, channelId: string, name: string, ctx: TAuditCtx): Promise<void> {
  await withTenant(actor.tenant.id, async (tx) => {
    const channel = await tx.channel.findFirst({ where: { id: channelId, tenantId: actor.tenant.id }, select: { name: true, type: true } });
    if (!channel) throw new ActionError("not_found", "That channel does not exist.");
    if (channel.name === name) return;
    await tx.channel.update({ where: { id: channelId }, data: { name } });
    await audit(tx, actor, "channel.updated", channelId, { type: channel.type, changed: ["name"], from: channel.name, to: name }, ctx);
  });
}

/** Replaces some settings keys of an active channel of `type` (e.g. the widget's appearance). */
export async function updateChannelSettings(
  actor: TChannelActor,
  channelId: string,
  type: ChannelType,
  patch: Record<string, unknown>,
  ctx: TAuditCtx,
): Promise<void> {
  await withTenant(actor.tenant.id, async (tx) => {
    const channel = await tx.channel.findFirst({ where: { id: channelId, tenantId: actor.tenant.id, type }, select: { settings: true, status: true } });
    if (!channel) throw new ActionError("not_found", "That channel does not exist.");
    if (channel.status === "disconnected") throw new ActionError("conflict", "That channel is disconnected; connect a new one instead.");
    const before = asObject(channel.settings);
    const changed = Object.keys(patch).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(patch[k]));
    if (!changed.length) return;
    await tx.channel.update({ where: { id: channelId }, data: { settings: { ...before, ...patch } as Prisma.InputJsonObject } });
    await audit(tx, actor, "channel.updated", channelId, { type, changed }, ctx);
  });
}
