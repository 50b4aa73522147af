import { z } from "zod";

/** Roles in ascending order of power. A role may do everything the roles before it may. */
export const ROLES = ["analyst", "agent", "admin", "owner"] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export function roleRank(role: TRole): number {
  return ROLES.indexOf(role);
}

export function hasRole(actual: TRole, required: TRole): boolean {
  return roleRank(actual) >= roleRank(required);
}

/** Roles a member of `actor` role may grant or change: admins manage below themselves, owners everything. */
export function assignableRoles(actor: TRole): TRole[] {
  if (actor === "owner") return [...ROLES];
  if (actor === "admin") return ROLES.filter((r) => roleRank(r) < roleRank("admin"));
  return [];
}

export const ROLE_LABELS: Record<TRole, string> = {
  owner: "Owner",
  admin: "Admin",
  agent: "Agent",
  analyst: "Analyst",
};
