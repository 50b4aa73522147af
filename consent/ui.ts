import { OPTIONAL_CATEGORIES, type TCategory, type TSelections } from "../lib/consent/categories";
import type { TConsentPolicy } from "../lib/consent/schemas";
import { formatDays, type TLocale, type TStrings } from "./i18n";
import { CSS } from "./styles";

/** DOM for the banner, the settings dialog and the launcher, built with textContent only (policy text is never parsed as HTML). */
type TChild = Node | string | null | false;
export function h(tag: string, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...kids: TChild[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === "function") el.addEventListener(k, v);
    else if (v === true) el.setAttribute(k, "");
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const k of kids) if (k) el.append(k);
  return el;
}

export function mountRoot(): ShadowRoot {
  const host = h("div", { id: "sotto-consent" });
  document.body.append(host);
  const root = host.attachShadow({ mode: "open" });
  try {
    // Constructable stylesheets pass a strict style-src CSP that would block a <style> element.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h("style", {}, CSS));
  }
  return root;
}

export type TView = {
  policy: TConsentPolicy;
  locale: TLocale;
  t: TStrings;
  gpc: boolean;
  consentId: string | null;
  receiptUrl: string | null;
};

const offered = (p: TConsentPolicy) => OPTIONAL_CATEGORIES.filter((c) => p.categories[c].enabled);

function policyLink(v: TView): TChild {
  return v.policy.policyUrl ? h("a", { href: v.policy.policyUrl, target: "_blank", rel: "noopener" }, v.t.policy) : null;
}

/** First layer: Accept all, Reject all and Customize, equally prominent. */
export function banner(v: TView, on: { accept(): void; reject(): void; customize(): void; close(): void }, gpcNotice: boolean): HTMLElement {
  const text = v.policy.texts[v.locale];
  return h(
    "section",
    { class: "b", "aria-labelledby": "sc-t" },
    h("h2", { id: "sc-t" }, text.title),
    gpcNotice ? h("p", { class: "n", role: "status" }, v.t.gpc) : h("p", {}, text.body, " ", policyLink(v)),
    h(
      "div",
      { class: "r" },
      ...(gpcNotice
        ? [h("button", { class: "btn", type: "button", click: on.close }, v.t.ok), h("button", { class: "btn", type: "button", click: on.customize }, v.t.settings)]
        : [
            h("button", { class: "btn", type: "button", "data-action": "accept", click: on.accept }, v.t.accept),
            h("button", { class: "btn", type: "button", "data-action": "reject", click: on.reject }, v.t.reject),
            h("button", { class: "btn", type: "button", "data-action": "customize", click: on.customize }, v.t.customize),
          ]),
    ),
    h("button", { class: "x", type: "button", "aria-label": v.t.closeBanner, click: on.close }, "×"),
  );
}

function vendorList(v: TView, c: TCategory): TChild {
  const vendors = v.policy.categories[c].vendors;
  if (!vendors.length) return null;
  return h(
    "details",
    {},
    h("summary", {}, `${v.t.vendors} (${vendors.length})`),
    h(
      "ul",
      {},
      ...vendors.map((vd) =>
        h(
          "li",
          {},
          h("strong", {}, vd.name),
          h("p", {}, vd.purposes[v.locale]),
          h(
            "p",
            { class: "s" },
            `${v.t.cookies}: `,
            ...(vd.cookies.length
              ? vd.cookies.flatMap((ck, i) => [i ? ", " : "", h("code", {}, ck.name), ` (${ck.domain ? `${ck.domain}, ` : ""}${formatDays(ck.durationDays, v.t)})`])
              : [v.t.noCookies]),
          ),
          vd.retentionDays !== null && h("p", { class: "s" }, `${v.t.retention} ${formatDays(vd.retentionDays, v.t)}`),
          vd.privacyUrl && h("a", { href: vd.privacyUrl, target: "_blank", rel: "noopener", class: "s" }, `${v.t.privacy}: ${vd.name}`),
        ),
      ),
    ),
  );
}

/** Second layer: a modal dialog with one switch per offered category and every vendor's purposes, cookies and retention. */
export function settingsDialog(
  v: TView,
  current: TSelections,
  on: { save(s: TSelections): void; accept(): void; reject(): void; close(): void },
): HTMLElement {
  const text = v.policy.texts[v.locale];
  const inputs: Partial<Record<TCategory, HTMLInputElement>> = {};
  const cats: TCategory[] = ["necessary", ...offered(v.policy)];
  const section = (c: TCategory) => {
    const cfg = v.policy.categories[c];
    const locked = c === "necessary" || (v.gpc && (c === "analytics" || c === "advertising"));
    const input = h("input", {
      type: "checkbox",
      role: "switch",
      id: `sc-i-${c}`,
      "aria-describedby": `sc-d-${c}`,
      checked: c === "necessary" || current[c],
      disabled: locked,
    }) as HTMLInputElement;
    inputs[c] = input;
    return h(
      "div",
      { class: "c" },
      h("div", { class: "h" }, h("h3", {}, h("label", { for: `sc-i-${c}` }, cfg.name[v.locale])), input),
      h(
        "p",
        { id: `sc-d-${c}`, class: "s" },
        cfg.description[v.locale],
        c === "necessary" ? ` ${v.t.always}.` : locked ? ` ${v.t.gpcLocked}.` : "",
      ),
      vendorList(v, c),
    );
  };
  const read = (): TSelections => ({
    necessary: true,
    functional: !!inputs.functional?.checked,
    analytics: !!inputs.analytics?.checked,
    advertising: !!inputs.advertising?.checked,
  });
  return h(
    "div",
    { class: "o" },
    h(
      "div",
      { class: "d", role: "dialog", "aria-modal": "true", "aria-labelledby": "sc-p" },
      h("h2", { id: "sc-p" }, v.t.prefs),
      v.gpc && h("p", { class: "n" }, v.t.gpc),
      h("p", {}, text.body, " ", policyLink(v)),
      ...cats.map(section),
      v.consentId &&
        h(
          "p",
          { class: "s" },
          `${v.t.id}: `,
          h("code", {}, v.consentId),
          v.receiptUrl ? " · " : "",
          v.receiptUrl && h("a", { href: v.receiptUrl, download: "" }, v.t.receipt),
        ),
      h(
        "div",
        { class: "r" },
        h("button", { class: "btn", type: "button", "data-action": "accept", click: on.accept }, v.t.accept),
        h("button", { class: "btn", type: "button", "data-action": "reject", click: on.reject }, v.t.reject),
        h("button", { class: "btn", type: "button", "data-action": "save", click: () => on.save(read()) }, v.t.save),
      ),
      h("button", { class: "x", type: "button", "aria-label": v.t.close, click: on.close }, "×"),
    ),
  );
}

/** The persistent "Cookie settings" entry (SVG built with createElementNS: no innerHTML, so Trusted Types pages accept it). */
export function launcher(t: TStrings, open: () => void): HTMLElement {
  const b = h("button", { class: "l", type: "button", "aria-label": t.settings, title: t.settings, click: open });
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  const path = document.createElementNS(ns, "path");
  for (const [k, v] of [["width", "22"], ["height", "22"], ["viewBox", "0 0 24 24"], ["aria-hidden", "true"], ["fill", "currentColor"]]) svg.setAttribute(k!, v!);
  path.setAttribute("d", "M12 2a10 10 0 1 0 10 10 4 4 0 0 1-5-5 4 4 0 0 1-5-5zm-4 8a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm3 5a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3zm5 0a1 1 0 1 1 0 2 1 1 0 0 1 0-2z");
  svg.append(path);
  b.append(svg);
  return b;
}
