import "server-only";
import { db, withTenant, type TTx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { DecryptionError, defaultKeyRing, type TDecryptionFailure, type TKeyRing } from "./key-ring";
import { ENCRYPTED_FIELDS, type TEncryptedField } from "./encrypted-fields";

export type TRotationCounts = { scanned: number; rotated: number; failed: number };
export type TRotationFailure = { tenantId: string; table: string; column: string; id: string; reason: TDecryptionFailure };
export type TRotationResult = {
  currentKeyId: string;
  tenants: number;
  /** Keyed by `Table.column`. */
  fields: Record<string, TRotationCounts>;
  /** Rows that could not be decrypted and were left untouched (ids only, never values). */
  failures: TRotationFailure[];
};

export type TRotationOptions = {
  keyRing?: TKeyRing;
  batchSize?: number;
  fields?: readonly TEncryptedField[];
  /** Limit the run to these tenants (tests, or re-running one tenant). Default: every tenant. */
  tenantIds?: readonly string[];
  onBatch?: (info: { tenantId: string; field: string } & TRotationCounts) => void;
};

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Identifiers come from the code registry, not from input; checked anyway since they are spliced into SQL.
function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Unsafe identifier in ENCRYPTED_FIELDS: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

type TBatch = TRotationCounts & { lastId: string | null; failures: TRotationFailure[]; fromKeys: string[] };

async function rotateBatch(tx: TTx, tenantId: string, field: TEncryptedField, ring: TKeyRing, after: string, batchSize: number): Promise<TBatch> {
  const [t, id, col] = [ident(field.table), ident(field.idColumn), ident(field.column)];
  const aadCols = field.aadColumns.map((c) => `, ${ident(c)}::text AS ${ident(c)}`).join("");
  const prefix = `v1.${ring.currentKeyId}.`;
  // Keyset by id, so rows that fail to decrypt are passed over instead of fetched forever.
  const rows = await tx.$queryRawUnsafe<Record<string, string>[]>(
    `SELECT ${id} AS "__id", ${col} AS "__value"${aadCols} FROM ${t}
     WHERE ${id} > $1 AND ${col} IS NOT NULL AND left(${col}, $2::int) <> $3
     ORDER BY ${id} LIMIT $4::int`,
    after,
    prefix.length,
    prefix,
    batchSize,
  );
  const ids: string[] = [];
  const olds: string[] = [];
  const news: string[] = [];
  const failures: TRotationFailure[] = [];
  const fromKeys = new Set<string>();
  for (const row of rows) {
    const rowId = row.__id!;
    const value = row.__value!;
    try {
      const aad = field.aad(row);
      const plain = ring.decrypt(value, aad);
      fromKeys.add(ring.keyIdOf(value));
      ids.push(rowId);
      olds.push(value);
      news.push(ring.encrypt(plain, aad));
    } catch (err) {
      if (!(err instanceof DecryptionError)) throw err;
      failures.push({ tenantId, table: field.table, column: field.column, id: rowId, reason: err.reason });
    }
  }
  // Conditional on the old value: a secret rewritten meanwhile by the app is already current and is left alone.
  const rotated = ids.length
    ? await tx.$executeRawUnsafe(
        `UPDATE ${t} AS t SET ${col} = v.new
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, old, new)
         WHERE t.${id} = v.id AND t.${col} = v.old`,
        ids,
        olds,
        news,
      )
    : 0;
  if (rotated > 0) {
    await recordAudit(tx, {
      tenantId,
      action: "secret.rotated",
      target: { type: field.table, id: field.column },
      metadata: { reason: "encryption key rotation", table: field.table, column: field.column, rotated, failed: failures.length, encryptedUnder: ring.currentKeyId, previously: [...fromKeys].sort() },
    });
  }
  return { scanned: rows.length, rotated, failed: failures.length, failures, fromKeys: [...fromKeys], lastId: rows.length === batchSize ? rows[rows.length - 1]!.__id! : null };
}

/**
 * Re-encrypts every registered column that is not under the current key, tenant
 * by tenant, in short batches. Each batch commits with its own `secret.rotated`
 * audit event, so the run is resumable and a second run finds nothing to do.
 */
export async function reencryptAll(opts: TRotationOptions = {}): Promise<TRotationResult> {
  const ring = opts.keyRing ?? defaultKeyRing();
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 500, 5_000));
  const fields = opts.fields ?? ENCRYPTED_FIELDS;
  const tenantIds =
    opts.tenantIds ?? (await db().$queryRaw<{ id: string }[]>`SELECT id FROM sotto_tenant_ids() AS t(id)`).map((r) => r.id);

  const result: TRotationResult = { currentKeyId: ring.currentKeyId, tenants: tenantIds.length, fields: {}, failures: [] };
  for (const field of fields) result.fields[`${field.table}.${field.column}`] = { scanned: 0, rotated: 0, failed: 0 };

  for (const tenantId of tenantIds) {
    for (const field of fields) {
      const key = `${field.table}.${field.column}`;
      const totals = result.fields[key]!;
      let after = "";
      for (;;) {
        const batch = await withTenant(tenantId, (tx) => rotateBatch(tx, tenantId, field, ring, after, batchSize), { timeout: 60_000 });
        totals.scanned += batch.scanned;
        totals.rotated += batch.rotated;
        totals.failed += batch.failed;
        result.failures.push(...batch.failures);
        if (batch.scanned) opts.onBatch?.({ tenantId, field: key, scanned: batch.scanned, rotated: batch.rotated, failed: batch.failed });
        if (batch.lastId === null) break;
        after = batch.lastId;
      }
    }
  }
  return result;
}
