import { activationFor, scriptAttributes } from "../lib/consent/activation";
import { cookieDomains, cookieNameMatches, isFirstPartyDomain } from "../lib/consent/cookie-rules";
import type { TOptionalCategory, TSelections } from "../lib/consent/categories";
import type { TConsentPolicy } from "../lib/consent/schemas";

const DONE = "data-sotto-activated";

/** Runs, loads or unloads every element tagged with data-category under `root`, as `sel` allows. */
export function applyToDocument(sel: TSelections | null, nonce: string | undefined, root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>("[data-category]").forEach((el) => {
    const tag = el.tagName;
    const action = activationFor(
      { tag, type: el.getAttribute("type"), category: el.getAttribute("data-category"), activated: el.hasAttribute(DONE), hasSrc: el.hasAttribute("src") },
      sel,
    );
    if (action === "keep") return;
    if (tag === "SCRIPT") {
      const s = document.createElement("script");
      for (const a of scriptAttributes([...el.attributes])) s.setAttribute(a.name, a.value);
      const n = el.getAttribute("data-nonce") || nonce;
      if (n) s.nonce = n;
      s.setAttribute(DONE, "");
      s.text = el.textContent ?? "";
      el.replaceWith(s);
    } else if (action === "activate") {
      el.setAttribute(DONE, "");
      const src = el.getAttribute("data-src");
      if (src) el.setAttribute("src", src);
    } else {
      el.removeAttribute(DONE);
      el.removeAttribute("src");
    }
  });
}

/** Deletes the host-page cookies the policy lists for `categories`, on this host and its parent domains. */
export function deleteCategoryCookies(policy: TConsentPolicy, categories: readonly TOptionalCategory[]): void {
  const host = location.hostname;
  const patterns = categories.flatMap((c) => policy.categories[c].vendors.flatMap((v) => v.cookies)).filter((c) => isFirstPartyDomain(c.domain, host));
  if (!patterns.length) return;
  const names = document.cookie.split(/;\s*/).map((c) => c.split("=")[0]!.trim());
  for (const name of names) {
    if (!name || !patterns.some((p) => cookieNameMatches(p.name, name))) continue;
    for (const d of cookieDomains(host)) document.cookie = `${name}=;max-age=0;path=/${d ? `;domain=${d}` : ""}`;
  }
}
