/**
 * Consent categories, methods and their mappings (Global Privacy Control,
 * Google Consent Mode v2). Client-safe: imported by consent.js and the server.
 */
export const CATEGORIES = ["necessary", "functional", "analytics", "advertising"] as const;
export type TCategory = (typeof CATEGORIES)[number];
export const OPTIONAL_CATEGORIES = ["functional", "analytics", "advertising"] as const;
export type TOptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];

export const METHODS = ["accept_all", "reject_all", "customize", "dismiss", "gpc", "withdraw"] as const;
export type TMethod = (typeof METHODS)[number];

export type TSelections = { necessary: true; functional: boolean; analytics: boolean; advertising: boolean };

/** Categories a Global Privacy Control signal refuses ("do not sell or share"). */
export const GPC_REFUSED: readonly TOptionalCategory[] = ["analytics", "advertising"];

export const NOTHING: TSelections = { necessary: true, functional: false, analytics: false, advertising: false };

/** Every offered category on; with GPC, analytics and advertising stay off whatever was asked. */
export function acceptAll(offered: readonly TOptionalCategory[], gpc: boolean): TSelections {
  const s: TSelections = { ...NOTHING };
  for (const c of offered) s[c] = true;
  return gpc ? applyGpc(s) : s;
}

export function applyGpc(s: TSelections): TSelections {
  const out = { ...s };
  for (const c of GPC_REFUSED) out[c] = false;
  return out;
}

/** True when a GPC signal would change these selections (they grant something it refuses). */
export function conflictsWithGpc(s: TSelections): boolean {
  return GPC_REFUSED.some((c) => s[c]);
}

/** Categories granted in `before` and refused in `after`: what a new choice withdraws. */
export function withdrawnCategories(before: TSelections | null, after: TSelections): TOptionalCategory[] {
  if (!before) return [];
  return OPTIONAL_CATEGORIES.filter((c) => before[c] && !after[c]);
}

/** The `sotto:consent-changed` contract also answers the widget's "marketing" name (an alias of advertising). */
export function allowsCategory(s: TSelections | null, category: string): boolean {
  if (category === "necessary") return true;
  if (!s) return false;
  const c = category === "marketing" ? "advertising" : category;
  return (OPTIONAL_CATEGORIES as readonly string[]).includes(c) && s[c as TOptionalCategory] === true;
}

type TConsentValue = "granted" | "denied";
export type TConsentModeState = {
  ad_storage: TConsentValue;
  analytics_storage: TConsentValue;
  ad_user_data: TConsentValue;
  ad_personalization: TConsentValue;
  functionality_storage: TConsentValue;
  personalization_storage: TConsentValue;
};

/** `gtag('consent', 'default', …)`: everything denied until the visitor chooses. */
export function consentModeDefault(): TConsentModeState & { security_storage: "granted"; wait_for_update: number } {
  return { ...consentModeUpdate(NOTHING), security_storage: "granted", wait_for_update: 500 };
}

/** `gtag('consent', 'update', …)` after a choice. */
export function consentModeUpdate(s: TSelections): TConsentModeState {
  const v = (b: boolean): TConsentValue => (b ? "granted" : "denied");
  return {
    ad_storage: v(s.advertising),
    analytics_storage: v(s.analytics),
    ad_user_data: v(s.advertising),
    ad_personalization: v(s.advertising),
    functionality_storage: v(s.functional),
    personalization_storage: v(s.functional),
  };
}
