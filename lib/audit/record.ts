import "server-only";
import { randomBytes } from "node:crypto";
import type { PoolClient } from "pg";
import { z } from "zod";
import { db, type TTx } from "@/lib/db/client";
import { ZAuditAction, type TAuditAction } from "./actions";
import { sanitizeMetadata } from "./sanitize";

export type TAuditInput = {
  tenantId: string;
  action: TAuditAction;
  actor?: { userId?: string | null; email?: string | null };
  target?: { type: string; id: string } | null;
  metadata?: Record<string, unknown>;
  context?: { requestId?: string | null; ipPrefix?: string | null };
};

export type TSecurityEventInput = {
  action: TAuditAction;
  email?: string | null;
  metadata?: Record<string, unknown>;
  context?: { requestId?: string | null; ipPrefix?: string | null };
};

const ZShortText = z.string().trim().max(320);
const ZOptionalText = ZShortText.nullish().transform((v) => (v ? v : null));

const ZContext = z
  .object({ requestId: ZOptionalText, ipPrefix: ZOptionalText })
  .partial()
  .optional()
  .transform((c) => ({ requestId: c?.requestId ?? null, ipPrefix: c?.ipPrefix ?? null }));

// Validated at run time too: callers pass values that come from requests and jobs.
const ZAuditInput = z.object({
  tenantId: z.string().min(1),
  action: ZAuditAction,
  actor: z.object({ userId: ZOptionalText, email: ZOptionalText }).partial().optional(),
  target: z.object({ type: ZShortText.min(1), id: ZShortText.min(1) }).nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  context: ZContext,
});

const ZSecurityEventInput = z.object({
  action: ZAuditAction,
  email: ZOptionalText,
  metadata: z.record(z.string(), z.unknown()).optional(),
  context: ZContext,
});

const normaliseEmail = (email: string | null | undefined) => (email ? email.toLowerCase() : null);

/**
 * Appends one event to the tenant's hash chain. `tx` must come from `withTenant`
 * for the same tenant: RLS refuses the row otherwise, and the event commits or
 * rolls back together with the change it describes.
 */
export async function recordAudit(tx: TTx, input: TAuditInput): Promise<void> {
  await tx.auditEvent.createMany({
    data: [
      {
        ...auditRow(input),
        // The chain trigger owns these four; the values here are overwritten.
        seq: 0n,
        prevHash: "",
        hash: "",
        createdAt: new Date(0),
      },
    ],
  });
}

/**
 * `recordAudit` on a raw `pg` client inside a transaction that already set
 * app.tenant_id to the same tenant: for jobs that run their statements on the
 * pool rather than through Prisma (the retention purge), in the same
 * transaction as the change it describes.
 */
export async function recordAuditOn(c: PoolClient, input: TAuditInput): Promise<void> {
  const r = auditRow(input);
  // The chain trigger fills seq, prevHash, hash and createdAt.
  await c.query(
    `INSERT INTO "AuditEvent" (id, "tenantId", seq, "actorUserId", "actorEmail", action, "targetType", "targetId", metadata, "requestId", "ipPrefix", "prevHash", hash)
     VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, '', '')`,
    [`ae${randomBytes(12).toString("hex")}`, r.tenantId, r.actorUserId, r.actorEmail, r.action, r.targetType, r.targetId, JSON.stringify(r.metadata), r.requestId, r.ipPrefix],
  );
}

/** The validated, normalised columns of an event: one mapping for both writers above. */
function auditRow(input: TAuditInput) {
  const e = ZAuditInput.parse(input);
  return {
    tenantId: e.tenantId,
    action: e.action,
    actorUserId: e.actor?.userId ?? null,
    actorEmail: normaliseEmail(e.actor?.email),
    targetType: e.target?.type ?? null,
    targetId: e.target?.id ?? null,
    metadata: sanitizeMetadata(e.metadata),
    requestId: e.context.requestId,
    ipPrefix: e.context.ipPrefix,
  };
}

/**
 * Events that belong to no tenant (a failed sign-in for an unknown address).
 * The app may only INSERT into SecurityEvent, hence createMany: `create` would
 * need SELECT for its RETURNING clause.
 */
export async function recordSecurityEvent(input: TSecurityEventInput): Promise<void> {
  const e = ZSecurityEventInput.parse(input);
  await db().securityEvent.createMany({
    data: [
      {
        action: e.action,
        email: normaliseEmail(e.email),
        metadata: sanitizeMetadata(e.metadata),
        requestId: e.context.requestId,
        ipPrefix: e.context.ipPrefix,
      },
    ],
  });
}
