import { hasRole, type TRole } from "@/lib/auth/roles";

export type TNavItem = { label: string; href: (slug: string) => string; minRole: TRole; group: "main" | "settings" | "privacy" };

/** Only sections that work are listed; later features add their entries here. */
export const NAV_ITEMS: TNavItem[] = [
  { label: "Overview", href: (s) => `/t/${s}`, minRole: "analyst", group: "main" },
  // Agents answer; analysts may read.
  { label: "Inbox", href: (s) => `/t/${s}/inbox`, minRole: "analyst", group: "main" },
  { label: "Workspace", href: (s) => `/t/${s}/settings`, minRole: "analyst", group: "settings" },
  { label: "Members", href: (s) => `/t/${s}/settings/members`, minRole: "analyst", group: "settings" },
  { label: "Channels", href: (s) => `/t/${s}/settings/channels`, minRole: "admin", group: "settings" },
  { label: "Audit log", href: (s) => `/t/${s}/settings/audit`, minRole: "admin", group: "settings" },
  { label: "Teams", href: (s) => `/t/${s}/settings/teams`, minRole: "admin", group: "settings" },
  { label: "Labels", href: (s) => `/t/${s}/settings/labels`, minRole: "admin", group: "settings" },
  { label: "Canned responses", href: (s) => `/t/${s}/settings/canned-responses`, minRole: "agent", group: "settings" },
  { label: "Consent manager", href: (s) => `/t/${s}/privacy/consent`, minRole: "admin", group: "privacy" },
  { label: "Consent log", href: (s) => `/t/${s}/privacy/consent/log`, minRole: "analyst", group: "privacy" },
  { label: "Privacy requests", href: (s) => `/t/${s}/privacy/requests`, minRole: "admin", group: "privacy" },
  { label: "Retention", href: (s) => `/t/${s}/privacy/retention`, minRole: "admin", group: "privacy" },
  { label: "Records of processing", href: (s) => `/t/${s}/privacy/processing`, minRole: "admin", group: "privacy" },
];

export function navFor(role: TRole) {
  return NAV_ITEMS.filter((i) => hasRole(role, i.minRole));
}
