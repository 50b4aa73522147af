import type { TRole } from "@/lib/auth/roles";
import type { TSessionUser } from "@/lib/auth/session";

/** The acting member, as the member services expect it, from a tenant action's context. */
export function actorOf(ctx: { user: TSessionUser; role: TRole; tenant: { id: string; name: string } }) {
  return { user: ctx.user, role: ctx.role, tenant: ctx.tenant };
}
