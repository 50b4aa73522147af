import "server-only";
import { z } from "zod";
import { createSafeActionClient } from "next-safe-action";
import { getSessionUser } from "@/lib/auth/session";
import { listMemberships } from "@/lib/auth/memberships";
import { hasRole, ZRole } from "@/lib/auth/roles";
import { requestContext } from "@/lib/http/request-context";
import { log } from "@/lib/log";
import { ActionError, GENERIC_ACTION_ERROR } from "./errors";

/**
 * The one action client. Chain: public → authenticated → tenant. Each action
 * declares its name and the minimum role it needs in metadata; the tenant client
 * takes the tenant id as its first bound argument and checks membership and role
 * before the action body runs.
 */
const ZActionMetadata = z.object({
  name: z.string().min(1),
  role: ZRole.optional(),
});

export const actionClient = createSafeActionClient({
  defineMetadataSchema: () => ZActionMetadata,
  handleServerError(error, utils) {
    if (error instanceof ActionError) return error.message;
    log.error("action failed", { action: utils.metadata?.name, error: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
    return GENERIC_ACTION_ERROR;
  },
}).use(async ({ next }) => next({ ctx: { request: await requestContext() } }));

export const authActionClient = actionClient.use(async ({ next }) => {
  const user = await getSessionUser();
  if (!user) throw new ActionError("unauthenticated", "Your session has ended. Please sign in again.");
  return next({ ctx: { user } });
});

export const ZTenantId = z.string().min(1).max(64);

export const tenantActionClient = authActionClient.use(async ({ next, ctx, metadata, bindArgsClientInputs }) => {
  const parsed = ZTenantId.safeParse(bindArgsClientInputs[0]);
  if (!parsed.success) throw new ActionError("invalid", "Missing workspace.");
  const membership = (await listMemberships(ctx.user.id)).find((m) => m.tenantId === parsed.data);
  // A forged or foreign tenant id looks exactly like a missing one.
  if (!membership) throw new ActionError("not_found", "Workspace not found.");
  const required = metadata.role ?? "analyst";
  if (!hasRole(membership.role, required)) {
    throw new ActionError("forbidden", `This needs the ${required} role or higher; you are ${membership.role}.`);
  }
  return next({
    ctx: { tenant: { id: membership.tenantId, slug: membership.tenantSlug, name: membership.tenantName }, role: membership.role },
  });
});
