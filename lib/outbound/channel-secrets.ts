import "server-only";
import type { ChannelType } from "@/lib/db/generated/enums";
import { channelSecretAad } from "@/lib/crypto/encrypted-fields";
import { defaultKeyRing, type TKeyRing } from "@/lib/crypto/key-ring";
import { parseChannelCredentials, type TChannelCredentials } from "./credentials";

/**
 * Key-ring encryption of `Channel.credentials`, bound to the channel row (AAD
 * `Channel.credentials:<tenantId>:<channelId>`, registered in
 * lib/crypto/encrypted-fields.ts so key rotation covers it). The channel id
 * must be known before encrypting: create the row first (or pick the id with
 * cuid) and write the ciphertext with it.
 */
export function encryptChannelCredentials<T extends ChannelType>(
  channel: { tenantId: string; id: string; type: T },
  value: TChannelCredentials<T>,
  ring: TKeyRing = defaultKeyRing(),
): string {
  const parsed = parseChannelCredentials(channel.type, value);
  return ring.encrypt(JSON.stringify(parsed), channelSecretAad("credentials", channel.tenantId, channel.id));
}

/**
 * The validated credentials, or null when the channel has none. Throws
 * DecryptionError for a tampered or moved ciphertext and ZodError when the JSON
 * does not match the channel type (both are configuration errors, not "no credentials").
 */
export function decryptChannelCredentials<T extends ChannelType>(
  channel: { tenantId: string; id: string; type: T; credentials: string | null },
  ring: TKeyRing = defaultKeyRing(),
): TChannelCredentials<T> | null {
  if (!channel.credentials) return null;
  const json = ring.decrypt(channel.credentials, channelSecretAad("credentials", channel.tenantId, channel.id));
  return parseChannelCredentials(channel.type, JSON.parse(json));
}

export function encryptChannelWebhookSecret(channel: { tenantId: string; id: string }, secret: string, ring: TKeyRing = defaultKeyRing()): string {
  return ring.encrypt(secret, channelSecretAad("webhookSecret", channel.tenantId, channel.id));
}

export function decryptChannelWebhookSecret(channel: { tenantId: string; id: string; webhookSecret: string | null }, ring: TKeyRing = defaultKeyRing()): string | null {
  return channel.webhookSecret ? ring.decrypt(channel.webhookSecret, channelSecretAad("webhookSecret", channel.tenantId, channel.id)) : null;
}
