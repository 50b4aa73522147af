/**
 * Plans and the comparison matrix. Billing will price subscriptions from the
 * same ids, so ids are stable and prices are integers in euro cents.
 */

export type TPlanId = "starter" | "growth" | "enterprise";

export type TPlan = {
  id: TPlanId;
  name: string;
  /** Monthly price in euro cents, excluding VAT. */
  monthlyPriceCents: number;
  tagline: string;
  highlights: readonly string[];
  cta: { label: string; href: string };
  featured?: boolean;
};

export const PLANS: readonly TPlan[] = [
  {
    id: "starter",
    name: "Starter",
    monthlyPriceCents: 3900,
    tagline: "For small teams answering customers on a few channels.",
    highlights: ["3 agent seats", "Website chat, email and one messaging channel", "AI agent with 1,000 AI replies a month", "Privacy center and retention purges"],
    cta: { label: "Start free", href: "/sign-in" },
  },
  {
    id: "growth",
    name: "Growth",
    monthlyPriceCents: 14900,
    tagline: "For growing support teams that want AI on every channel.",
    highlights: ["10 agent seats", "All channels, including voice", "10,000 AI replies a month", "Order and booking look-ups"],
    cta: { label: "Start free", href: "/sign-in" },
    featured: true,
  },
  {
    id: "enterprise",
    name: "Enterprise",
    monthlyPriceCents: 69900,
    tagline: "For regulated organisations with audits and custom contracts.",
    highlights: ["Unlimited seats", "Custom retention and data residency", "Signed DPA with audit rights", "Priority support and onboarding"],
    cta: { label: "Start free", href: "/sign-in" },
  },
];

/** true/false render as included/not included; strings render as-is. */
export type TMatrixValue = boolean | string;

export type TMatrixRow = { feature: string; values: Readonly<Record<TPlanId, TMatrixValue>> };

export type TMatrixGroup = { group: string; rows: readonly TMatrixRow[] };

export const PLAN_MATRIX: readonly TMatrixGroup[] = [
  {
    group: "Inbox and channels",
    rows: [
      { feature: "Agent seats", values: { starter: "3", growth: "10", enterprise: "Unlimited" } },
      { feature: "Website chat widget", values: { starter: true, growth: true, enterprise: true } },
      { feature: "Email inbox", values: { starter: true, growth: true, enterprise: true } },
      { feature: "WhatsApp, Messenger and Instagram", values: { starter: "1 channel", growth: true, enterprise: true } },
      { feature: "SMS", values: { starter: false, growth: true, enterprise: true } },
      { feature: "Voice calls through the voice gateway", values: { starter: false, growth: "500 min/month", enterprise: "Custom" } },
    ],
  },
  {
    group: "AI agents",
    rows: [
      { feature: "AI replies per month", values: { starter: "1,000", growth: "10,000", enterprise: "Custom" } },
      { feature: "Intent classification and routing", values: { starter: true, growth: true, enterprise: true } },
      { feature: "Answers from your knowledge base", values: { starter: true, growth: true, enterprise: true } },
      { feature: "Order and booking look-ups", values: { starter: false, growth: true, enterprise: true } },
      { feature: "Human handoff with full context", values: { starter: true, growth: true, enterprise: true } },
    ],
  },
  {
    group: "Privacy and security",
    rows: [
      { feature: "Data-subject-rights portal", values: { starter: true, growth: true, enterprise: true } },
      { feature: "Retention schedules with automatic purges", values: { starter: true, growth: true, enterprise: true } },
      { feature: "Call-recording and voice-cloning consent flows", values: { starter: false, growth: true, enterprise: true } },
      { feature: "Tamper-evident audit log", values: { starter: "90-day view", growth: "12-month view", enterprise: "12-month view and export" } },
      { feature: "Custom retention periods", values: { starter: false, growth: "Shorter than default", enterprise: "Agreed in your DPA" } },
      { feature: "Signed DPA and audit rights", values: { starter: "Standard DPA", growth: "Standard DPA", enterprise: "Negotiated DPA" } },
    ],
  },
  {
    group: "Support",
    rows: [
      { feature: "Help center and email support", values: { starter: true, growth: true, enterprise: true } },
      { feature: "Guided onboarding", values: { starter: false, growth: true, enterprise: true } },
      { feature: "Named contact and uptime commitment", values: { starter: false, growth: false, enterprise: true } },
    ],
  },
];

const EUR = new Intl.NumberFormat("en-IE", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

export function formatMonthlyPrice(plan: TPlan): string {
  return EUR.format(plan.monthlyPriceCents / 100);
}
