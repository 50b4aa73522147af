import { z } from "zod";
import { CATEGORIES, METHODS, OPTIONAL_CATEGORIES } from "./categories";

/**
 * The consent policy a tenant publishes (ConsentConfig.policy) and what
 * consent.js posts. Everything in the policy is public: consent.js shows it to
 * every visitor of an allowed site.
 */
export const CONSENT_LOCALES = ["en", "it"] as const;
export type TConsentLocale = (typeof CONSENT_LOCALES)[number];

export const CONSENT_KEY_PREFIX = "cpk_";
export const ZConsentKey = z.string().regex(/^cpk_[0-9A-Za-z]{24}$/, "Not a consent key.");
/** 16 random bytes, base64url: the visitor's bearer handle for their own receipt. */
export const ZConsentId = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "Not a consent id.");
export const ZFingerprint = z.string().regex(/^[0-9a-f]{64}$/, "Not a SHA-256 fingerprint.");

const text = (max: number) => z.string().trim().max(max);
const ZLocaleText = (max: number, min = 0) => z.object({ en: text(max).min(min), it: text(max).min(min) });

const ZHttpsUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "Use an http(s) address.");

export const ZVendorId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Use 1-40 lowercase letters, digits and dashes.");

export const ZConsentCookie = z.object({
  /** Exact name, or a pattern with `*` (e.g. `_ga_*`). */
  name: z.string().trim().min(1).max(100).regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "Cookie names are letters, digits and !#$%&'*+-.^_`|~"),
  /** null: the site's own domain. */
  domain: z.string().trim().max(253).regex(/^\.?[a-z0-9.-]+$/i).nullable().default(null),
  /** null: until the browser closes. */
  durationDays: z.number().int().min(0).max(3650).nullable().default(null),
});

export const ZVendor = z.object({
  id: ZVendorId,
  name: text(80).min(1),
  purposes: ZLocaleText(500, 1),
  cookies: z.array(ZConsentCookie).max(30).default([]),
  /** How long the vendor keeps the data it collects; null: not stated. */
  retentionDays: z.number().int().min(0).max(3650).nullable().default(null),
  privacyUrl: ZHttpsUrl.nullable().default(null),
});
export type TVendor = z.output<typeof ZVendor>;

export const ZCategoryConfig = z.object({
  /** Offered to visitors. Necessary is always on. */
  enabled: z.boolean(),
  name: ZLocaleText(60, 1),
  description: ZLocaleText(600, 1),
  vendors: z.array(ZVendor).max(40).default([]),
});
export type TCategoryConfig = z.output<typeof ZCategoryConfig>;

export const ZConsentPolicy = z
  .object({
    categories: z.object({
      necessary: ZCategoryConfig,
      functional: ZCategoryConfig,
      analytics: ZCategoryConfig,
      advertising: ZCategoryConfig,
    }),
    texts: z.object({
      en: z.object({ title: text(120).min(1), body: text(1200).min(1) }),
      it: z.object({ title: text(120).min(1), body: text(1200).min(1) }),
    }),
    /** The site's cookie policy, linked from the banner. */
    policyUrl: ZHttpsUrl.nullable().default(null),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    for (const c of CATEGORIES) {
      p.categories[c].vendors.forEach((v, i) => {
        if (seen.has(v.id)) ctx.addIssue({ code: "custom", path: ["categories", c, "vendors", i, "id"], message: `Vendor id "${v.id}" is used twice.` });
        seen.add(v.id);
      });
    }
    if (!p.categories.necessary.enabled) ctx.addIssue({ code: "custom", path: ["categories", "necessary", "enabled"], message: "Necessary is always on." });
  });
export type TConsentPolicy = z.output<typeof ZConsentPolicy>;
export type TConsentPolicyInput = z.input<typeof ZConsentPolicy>;

export const offeredCategories = (p: TConsentPolicy) => OPTIONAL_CATEGORIES.filter((c) => p.categories[c].enabled);

/** Exactly the four categories, nothing else: an unknown category is a forged record. */
export const ZSelections = z.strictObject({
  necessary: z.literal(true),
  functional: z.boolean(),
  analytics: z.boolean(),
  advertising: z.boolean(),
});

export const ZConsentMethod = z.enum(METHODS);

/** POST /api/consent/records */
export const ZRecordInput = z.strictObject({
  key: ZConsentKey,
  consentId: ZConsentId,
  selections: ZSelections,
  method: ZConsentMethod,
  fingerprint: ZFingerprint,
  policyVersion: z.number().int().min(1).max(1_000_000),
  locale: z.enum(CONSENT_LOCALES).default("en"),
  gpc: z.boolean().default(false),
});
export type TRecordInput = z.output<typeof ZRecordInput>;
