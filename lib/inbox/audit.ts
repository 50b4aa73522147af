import "server-only";
import type { TTx } from "@/lib/db/client";
import { recordAudit, type TAuditInput } from "@/lib/audit/record";
import type { TRequestContext } from "@/lib/http/request-context";
import type { TInboxActor } from "./conversations";

export type TAuditCtx = Pick<TRequestContext, "requestId" | "ipPrefix">;

/** Records an inbox admin action in the same transaction as the change. */
export async function auditInbox(
  tx: TTx,
  actor: TInboxActor,
  ctx: TAuditCtx,
  action: TAuditInput["action"],
  target: { type: string; id: string },
  metadata: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(tx, {
    tenantId: actor.tenant.id,
    action,
    actor: { userId: actor.user.id, email: actor.user.email },
    target,
    metadata,
    context: ctx,
  });
}
