import { allowsCategory, type TSelections } from "./categories";

/**
 * The decision consent.js takes for each tagged element, as a pure function:
 *
 *   <script type="text/plain" data-category="analytics" src="…">  → run as a real script
 *   <iframe data-category="functional" data-src="…">                 → load its src
 *   <img data-category="advertising" data-src="…">                   → load its src
 *
 * An element names one category, or several separated by spaces (all needed).
 * Unknown categories are never allowed.
 */
export type TTagged = { tag: string; type: string | null; category: string | null; activated: boolean; hasSrc: boolean };
export type TActivation = "activate" | "deactivate" | "keep";

export function categoriesOf(attr: string | null): string[] {
  return (attr ?? "").split(/[\s,]+/).filter(Boolean);
}

export function isAllowed(attr: string | null, s: TSelections | null): boolean {
  const cats = categoriesOf(attr);
  return cats.length > 0 && cats.every((c) => allowsCategory(s, c));
}

export function activationFor(el: TTagged, s: TSelections | null): TActivation {
  const allowed = isAllowed(el.category, s);
  const tag = el.tag.toLowerCase();
  if (tag === "script") {
    // A script runs once and cannot be taken back; withdrawal stops it on the next page load.
    if (el.activated || (el.type ?? "").toLowerCase() !== "text/plain") return "keep";
    return allowed ? "activate" : "keep";
  }
  if (tag === "iframe" || tag === "img") {
    if (allowed && !el.activated) return "activate";
    // Unloading an iframe or image on withdrawal stops what it keeps doing (pixels, embeds).
    if (!allowed && el.activated && el.hasSrc) return "deactivate";
    return "keep";
  }
  return "keep";
}

/** Attributes copied to the real script: everything except the inert type and our own markers. */
export function scriptAttributes(attrs: readonly { name: string; value: string }[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const a of attrs) {
    const n = a.name.toLowerCase();
    if (n === "type" || n === "data-sotto-activated" || n === "data-nonce") continue;
    if (n === "data-type") out.push({ name: "type", value: a.value });
    else out.push(a);
  }
  return out;
}
