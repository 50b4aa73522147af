import { acceptAll, NOTHING, OPTIONAL_CATEGORIES, type TMethod, type TOptionalCategory, type TSelections } from "./categories";

/**
 * Consistency of a posted choice with the method it claims and the categories
 * the policy offers. A record that fails here was not produced by consent.js
 * showing this policy, so it is refused rather than stored as proof.
 */
export type TRuleViolation = "category_not_offered" | "gpc_conflict" | "method_mismatch";

const same = (a: TSelections, b: TSelections) => OPTIONAL_CATEGORIES.every((c) => a[c] === b[c]);

export function checkChoice(
  input: { method: TMethod; selections: TSelections; gpc: boolean },
  offered: readonly TOptionalCategory[],
): TRuleViolation | null {
  const { method, selections, gpc } = input;
  if (OPTIONAL_CATEGORIES.some((c) => selections[c] && !offered.includes(c))) return "category_not_offered";
  if (gpc && (selections.analytics || selections.advertising)) return "gpc_conflict";
  switch (method) {
    case "accept_all":
      return same(selections, acceptAll(offered, gpc)) ? null : "method_mismatch";
    case "reject_all":
    case "dismiss":
      return same(selections, NOTHING) ? null : "method_mismatch";
    case "gpc":
      return gpc ? null : "method_mismatch";
    case "customize":
    case "withdraw":
      return null;
  }
}
