/**
 * Demo and end-to-end seed data. prisma/seed.ts writes it; e2e tests import the
 * addresses from here; scripts/run.mjs prints the accounts in the demo banner.
 * Every account signs in by magic link (the dev mailbox shows the mail).
 */
export type TSeedRole = "owner" | "admin" | "agent" | "analyst";

export const SEED_TENANTS = {
  acme: { slug: "acme-shop", name: "Acme Shop" },
  northside: { slug: "northside-school", name: "Northside School" },
} as const;

export type TSeedTenantKey = keyof typeof SEED_TENANTS;

export const SEED_EMAILS = {
  demo: "demo@sotto.test",
  acmeAdmin: "admin@sotto.test",
  acmeAgent: "agent@sotto.test",
  acmeAnalyst: "analyst@sotto.test",
  northsideOwner: "owner@northside.test",
  northsideAgent: "agent@northside.test",
} as const;

type TSeedUser = {
  email: string;
  name: string;
  memberships: { tenant: TSeedTenantKey; tenantSlug: string; tenantName: string; role: TSeedRole }[];
};

const member = (tenant: TSeedTenantKey, role: TSeedRole) => ({ tenant, tenantSlug: SEED_TENANTS[tenant].slug, tenantName: SEED_TENANTS[tenant].name, role });

export const SEED_USERS: TSeedUser[] = [
  { email: SEED_EMAILS.demo, name: "Dana Demo", memberships: [member("acme", "owner"), member("northside", "admin")] },
  { email: SEED_EMAILS.acmeAdmin, name: "Avery Admin", memberships: [member("acme", "admin")] },
  { email: SEED_EMAILS.acmeAgent, name: "Alex Agent", memberships: [member("acme", "agent")] },
  { email: SEED_EMAILS.acmeAnalyst, name: "Ana Analyst", memberships: [member("acme", "analyst")] },
  { email: SEED_EMAILS.northsideOwner, name: "Olive Owner", memberships: [member("northside", "owner")] },
  { email: SEED_EMAILS.northsideAgent, name: "Noah Agent", memberships: [member("northside", "agent")] },
];

/**
 * Public keys of the seeded website chat widgets. Public by design (they sit in
 * every page that embeds the widget); fixed so the demo's try-it page and docs
 * can name them. The demo's own origin (APP_URL) is an allowed origin.
 */
export const SEED_WIDGET_KEYS = { acme: "pk_AcmeDemoWidgetKey0000001", northside: "pk_NorthsideWidgetKey000001" } as const;
