/**
 * Every column that holds key-ring ciphertexts. Key rotation (`reencryptAll`)
 * walks this list, so a feature that stores an encrypted column registers it
 * here and is covered without further work.
 *
 * Rules for an entry: the table is tenant-owned (rotation runs per tenant under
 * RLS), `idColumn` is a text primary key, and `aad` rebuilds from the row exactly
 * the AAD the feature used to encrypt, from the columns listed in `aadColumns`.
 * Changing any AAD column (e.g. renaming a secret) means re-encrypting the value.
 */
export type TEncryptedField = {
  table: string;
  idColumn: string;
  column: string;
  aadColumns: readonly string[];
  aad: (row: Readonly<Record<string, string>>) => string;
};

/** Binds a tenant secret to its tenant and name, so a ciphertext copied to another row fails. */
export function tenantSecretAad(tenantId: string, name: string): string {
  return `TenantSecret:${tenantId}:${name}`;
}

/** The secret columns of `Channel`. */
export type TChannelSecretColumn = "credentials" | "webhookSecret";

/** Binds a channel secret to its column, tenant and channel: the same AAD at every encryption site and in rotation. */
export function channelSecretAad(column: TChannelSecretColumn, tenantId: string, channelId: string): string {
  return `Channel.${column}:${tenantId}:${channelId}`;
}

/** Binds a consent withdrawal webhook's signing secret to its tenant and row. */
export function consentWebhookSecretAad(tenantId: string, id: string): string {
  return `ConsentVendorWebhook.secret:${tenantId}:${id}`;
}

export const ENCRYPTED_FIELDS: readonly TEncryptedField[] = [
  {
    table: "TenantSecret",
    idColumn: "id",
    column: "ciphertext",
    aadColumns: ["tenantId", "name"],
    aad: (row) => tenantSecretAad(row.tenantId ?? "", row.name ?? ""),
  },
  ...(["credentials", "webhookSecret"] as const).map((column) => ({
    table: "Channel",
    idColumn: "id",
    column,
    aadColumns: ["tenantId", "id"],
    aad: (row: Readonly<Record<string, string>>) => channelSecretAad(column, row.tenantId ?? "", row.id ?? ""),
  })),
  {
    table: "ConsentVendorWebhook",
    idColumn: "id",
    column: "secret",
    aadColumns: ["tenantId", "id"],
    aad: (row) => consentWebhookSecretAad(row.tenantId ?? "", row.id ?? ""),
  },
];
