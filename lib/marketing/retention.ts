/**
 * Default retention schedule. The privacy policy renders it and the privacy
 * center seeds each tenant's retention settings from it, so ids are stable keys:
 * rename labels freely, never ids.
 */

export type TRetentionCategoryId =
  | "conversation-logs"
  | "call-recordings"
  | "api-webhook-logs"
  | "security-logs"
  | "support-tickets"
  | "payment-event-metadata"
  | "oauth-tokens"
  | "product-analytics"
  | "commerce-scheduling-data"
  | "billing-invoices"
  | "account-data"
  | "cookie-identifiers";

export type TDuration = { unit: "days" | "months"; value: number };

export type TRetentionPeriod =
  /** Counted from when each record is created. */
  | { kind: "fixed"; duration: TDuration }
  /** Kept while the thing it belongs to exists, then for a grace period. */
  | { kind: "while-active"; during: string; duration: TDuration }
  /** Each cookie has its own lifetime, listed in the cookie policy. */
  | { kind: "cookie-policy" };

export type TRetentionRule = {
  id: TRetentionCategoryId;
  category: string;
  /** Whose data it is in GDPR terms: ours (controller) or a tenant's (we are processor). */
  role: "controller" | "processor";
  period: TRetentionPeriod;
  /** Tenants may shorten (never lengthen past a legal minimum) this period in the privacy center. */
  tenantConfigurable: boolean;
  why: string;
};

const months = (value: number): TDuration => ({ unit: "months", value });
const days = (value: number): TDuration => ({ unit: "days", value });

export const RETENTION_RULES: readonly TRetentionRule[] = [
  {
    id: "conversation-logs",
    category: "Conversation logs (messages, attachments, transcripts, channel metadata)",
    role: "processor",
    period: { kind: "fixed", duration: months(24) },
    tenantConfigurable: true,
    why: "Lets agents see earlier conversations with the same customer.",
  },
  {
    id: "call-recordings",
    category: "Call recordings (only made after the consent announcement)",
    role: "processor",
    period: { kind: "fixed", duration: months(12) },
    tenantConfigurable: true,
    why: "Quality review and dispute handling; deleted earlier when consent is withdrawn.",
  },
  {
    id: "api-webhook-logs",
    category: "API and webhook request logs",
    role: "controller",
    period: { kind: "fixed", duration: months(18) },
    tenantConfigurable: false,
    why: "Reliability, debugging of integrations and abuse investigations.",
  },
  {
    id: "security-logs",
    category: "Security logs (sign-ins, access, admin actions)",
    role: "controller",
    period: { kind: "fixed", duration: months(12) },
    tenantConfigurable: false,
    why: "Detecting and investigating account takeover and misuse; kept longer only during an open investigation.",
  },
  {
    id: "support-tickets",
    category: "Support tickets and support email",
    role: "controller",
    period: { kind: "fixed", duration: months(36) },
    tenantConfigurable: false,
    why: "Continuity of support and defence of legal claims.",
  },
  {
    id: "payment-event-metadata",
    category: "Payment event metadata from connected payment providers",
    role: "processor",
    period: { kind: "fixed", duration: months(36) },
    tenantConfigurable: true,
    why: "Answering payment questions in conversations; never full card numbers or security codes.",
  },
  {
    id: "oauth-tokens",
    category: "OAuth tokens and integration settings",
    role: "processor",
    period: { kind: "while-active", during: "the integration is connected", duration: days(30) },
    tenantConfigurable: false,
    why: "Needed while the integration runs; the grace period covers accidental disconnects. Tokens are encrypted.",
  },
  {
    id: "product-analytics",
    category: "Product analytics (pseudonymous usage events)",
    role: "controller",
    period: { kind: "fixed", duration: months(24) },
    tenantConfigurable: false,
    why: "Understanding which features are used; deleted sooner when the related consent is withdrawn.",
  },
  {
    id: "commerce-scheduling-data",
    category: "E-commerce and scheduling data (orders, bookings, invitees)",
    role: "processor",
    period: { kind: "fixed", duration: months(24) },
    tenantConfigurable: true,
    why: "Order and booking look-ups inside conversations.",
  },
  {
    id: "billing-invoices",
    category: "Billing records and invoices",
    role: "controller",
    period: { kind: "fixed", duration: months(120) },
    tenantConfigurable: false,
    why: "Italian civil and tax law require us to keep accounting records for ten years.",
  },
  {
    id: "account-data",
    category: "Customer account data (profile, team members, settings)",
    role: "controller",
    period: { kind: "while-active", during: "the contract runs", duration: months(24) },
    tenantConfigurable: false,
    why: "Reactivation and legal claims; erased sooner on a verified request when no legal duty applies.",
  },
  {
    id: "cookie-identifiers",
    category: "Cookie identifiers",
    role: "controller",
    period: { kind: "cookie-policy" },
    tenantConfigurable: false,
    why: "Each cookie's lifetime is listed in the cookie policy.",
  },
];

export function getRetentionRule(id: TRetentionCategoryId): TRetentionRule {
  const rule = RETENTION_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`Unknown retention category: ${id}`);
  return rule;
}

/** Whole months for fixed periods; null when the period hangs on something still running, or on a cookie. */
export function retentionMonths(rule: TRetentionRule): number | null {
  if (rule.period.kind !== "fixed") return null;
  const { unit, value } = rule.period.duration;
  return unit === "months" ? value : null;
}

export function formatDuration({ unit, value }: TDuration): string {
  // Long legal periods read better in years; operational ones stay in months so they compare at a glance.
  if (unit === "months" && value >= 60 && value % 12 === 0) {
    const years = value / 12;
    return `${years} year${years === 1 ? "" : "s"}`;
  }
  const label = unit === "months" ? "month" : "day";
  return `${value} ${label}${value === 1 ? "" : "s"}`;
}

export function formatRetention(rule: TRetentionRule): string {
  const p = rule.period;
  switch (p.kind) {
    case "fixed":
      return formatDuration(p.duration);
    case "while-active":
      return `While ${p.during}, plus ${formatDuration(p.duration)}`;
    case "cookie-policy":
      return "As listed in the cookie policy";
  }
}
