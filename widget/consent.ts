/**
 * How the widget loader learns whether it may keep the visitor id in the host
 * page's localStorage. This is the whole contract with a consent manager:
 *
 *   window.SottoConsent = { allows(category) { return boolean } }
 *   window.dispatchEvent(new CustomEvent("sotto:consent-changed"))   // after any change
 *
 * `category` is one of the names in TConsentCategory. Sotto's own consent
 * manager implements it; any other one can, in two lines. Without it the
 * script tag may say what the site's own banner decided:
 *
 *   <script src=".../widget.js" data-sotto-key="pk_…" data-sotto-consent="functional" async></script>
 *
 * (a space- or comma-separated list of granted categories). Neither present:
 * nothing is stored and every visit is a new visitor. The widget only needs
 * "functional"; it reads consent when the visitor opens the chat and on every
 * change, and removes the stored id when consent is withdrawn.
 */
export type TConsentCategory = "necessary" | "functional" | "analytics" | "marketing";

export interface TSottoConsent {
  allows(category: TConsentCategory): boolean;
}

export const CONSENT_CHANGED_EVENT = "sotto:consent-changed";

/** The consent manager's answer if there is one, else the script tag's attribute; default: not allowed. */
export function allowsFunctional(script: HTMLScriptElement | null): boolean {
  // Read through a local type, not a global Window augmentation: the consent manager's
  // own object has more members (open, onChange, ...) and types it itself.
  const api = (window as unknown as { SottoConsent?: Partial<TSottoConsent> }).SottoConsent;
  if (api && typeof api.allows === "function") {
    try {
      return api.allows("functional") === true;
    } catch {
      return false;
    }
  }
  const granted = script?.getAttribute("data-sotto-consent") ?? "";
  return granted.split(/[\s,]+/).includes("functional");
}

export function onConsentChange(listener: () => void): void {
  window.addEventListener(CONSENT_CHANGED_EVENT, listener);
}
