import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { withTenant } from "@/lib/db/client";

/**
 * A visitor's own proof of consent: every record of their consent id with its
 * place in the tenant's chain, whether its hash still matches its content, and
 * the policy text each fingerprint stands for. The consent id is the bearer
 * handle (random, 128 bits, kept only in the visitor's browser); nothing of any
 * other visitor is included.
 */
type TReceiptRow = {
  id: string;
  seq: bigint;
  consentId: string;
  policyVersion: number;
  fingerprint: string;
  method: string;
  selections: unknown;
  withdrawn: string[];
  gpc: boolean;
  locale: string;
  origin: string;
  country: string;
  uaFamily: string;
  createdAt: Date;
  prevHash: string;
  hash: string;
  intact: boolean;
};

export type TConsentReceipt = {
  kind: "sotto.consent-receipt";
  version: 1;
  consentId: string;
  generatedAt: string;
  hashAlgorithm: string;
  records: (Omit<TReceiptRow, "seq" | "createdAt"> & { chainPosition: string; createdAt: string })[];
  chainHead: { position: string; hash: string } | null;
  policies: { version: number; fingerprint: string; publishedAt: string; policy: unknown }[];
};

export async function consentReceipt(tenantId: string, consentId: string, generatedAt: Date): Promise<TConsentReceipt | null> {
  return withTenant(
    tenantId,
    async (tx) => {
      const rows = await tx.$queryRaw<TReceiptRow[]>(Prisma.sql`
        SELECT r.id, r.seq, r."consentId", r."policyVersion", r.fingerprint, r.method::text AS method, r.selections, r.withdrawn,
               r.gpc, r.locale, r.origin, r.country, r."uaFamily", r."createdAt", r."prevHash", r.hash,
               sotto_consent_hash(r) = r.hash AS intact
        FROM "ConsentRecord" r
        WHERE r."tenantId" = ${tenantId} AND r."consentId" = ${consentId}
        ORDER BY r.seq
        LIMIT 1000`);
      if (!rows.length) return null;
      const head = await tx.consentHead.findUnique({ where: { tenantId }, select: { seq: true, hash: true } });
      const versions = [...new Set(rows.map((r) => r.policyVersion))];
      const policies = await tx.consentPolicyVersion.findMany({
        where: { tenantId, version: { in: versions } },
        select: { version: true, fingerprint: true, publishedAt: true, policy: true },
        orderBy: { version: "asc" },
      });
      return {
        kind: "sotto.consent-receipt",
        version: 1,
        consentId,
        generatedAt: generatedAt.toISOString(),
        hashAlgorithm: "hash = sha256(prevHash || canonical JSON of the record); fingerprint = sha256(canonical JSON of {policy, version})",
        records: rows.map(({ seq, createdAt, ...r }) => ({ ...r, chainPosition: BigInt(seq).toString(), createdAt: new Date(createdAt).toISOString() })),
        chainHead: head ? { position: head.seq.toString(), hash: head.hash } : null,
        policies: policies.map((p) => ({ ...p, publishedAt: p.publishedAt.toISOString() })),
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}
