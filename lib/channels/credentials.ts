import "server-only";
import { z } from "zod";
import type { ChannelType } from "@/lib/db/generated/enums";
import { channelSecretAad } from "@/lib/crypto/encrypted-fields";
import { defaultKeyRing, type TKeyRing } from "@/lib/crypto/key-ring";
import { ZChannelCredentials, ZEmailCredentials, ZWhatsAppCredentials } from "@/lib/outbound/credentials";
import { encryptChannelWebhookSecret } from "@/lib/outbound/channel-secrets";

/**
 * Sealing channel credentials for storage. The shape is the shared contract
 * (`ZChannelCredentials`, lib/outbound/credentials.ts); fields the contract
 * does not name yet are kept, not stripped, so one ciphertext carries
 * everything the channel needs:
 *
 * - email connected by OAuth: `oauth { provider, refreshToken, accessToken, expiresAt }`;
 *   `imap.pass` / `smtp.pass` then hold the current access token (XOAUTH2 bearer),
 *   refreshed by lib/email-channel/oauth-tokens.ts.
 * - WhatsApp connected by Embedded Signup: `registrationPin`, the two-step
 *   verification PIN Sotto set when it registered the number (needed to
 *   register it again).
 *
 * Same AAD as lib/outbound/channel-secrets.ts (`channelSecretAad`), so the
 * outbound side decrypts these, and key rotation covers them.
 */

export const ZMailOAuth = z.object({
  provider: z.enum(["google", "microsoft"]),
  refreshToken: z.string().min(1).max(8192),
  accessToken: z.string().min(1).max(8192),
  /** Access token expiry, milliseconds since the epoch. */
  expiresAt: z.number().int(),
});
export type TMailOAuth = z.infer<typeof ZMailOAuth>;

export const ZEmailChannelCredentials = ZEmailCredentials.extend({ oauth: ZMailOAuth.optional() });
export type TEmailChannelCredentials = z.infer<typeof ZEmailChannelCredentials>;

export const ZWhatsAppChannelCredentials = ZWhatsAppCredentials.extend({ registrationPin: z.string().regex(/^\d{6}$/).optional() });
export type TWhatsAppChannelCredentials = z.infer<typeof ZWhatsAppChannelCredentials>;

type TChannelRef = { tenantId: string; id: string };

/** Validates the contract fields of `type`, keeps extension fields, and encrypts bound to the channel row. */
export function sealCredentials(channel: TChannelRef, type: ChannelType, value: Record<string, unknown>, ring: TKeyRing = defaultKeyRing()): string {
  const parsed = (ZChannelCredentials[type] as z.ZodObject).loose().parse(value);
  return ring.encrypt(JSON.stringify(parsed), channelSecretAad("credentials", channel.tenantId, channel.id));
}

export function sealWebhookSecret(channel: TChannelRef, secret: string, ring: TKeyRing = defaultKeyRing()): string {
  return encryptChannelWebhookSecret(channel, secret, ring);
}

/** The email credentials including the OAuth block; null when the channel has none. Throws on a tampered or moved ciphertext. */
export function openEmailCredentials(channel: TChannelRef & { credentials: string | null }, ring: TKeyRing = defaultKeyRing()): TEmailChannelCredentials | null {
  if (!channel.credentials) return null;
  const json = ring.decrypt(channel.credentials, channelSecretAad("credentials", channel.tenantId, channel.id));
  return ZEmailChannelCredentials.parse(JSON.parse(json));
}
