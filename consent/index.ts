/**
 * consent.js: Sotto's consent manager for any website.
 *
 *   <script src="https://HOST/consent.js" data-sotto-key="cpk_…" async></script>
 *
 * Optional attributes: data-locale (en, it), data-nonce (for activated scripts;
 * defaults to this script's own nonce), data-cookie-domain (share the choice with
 * subdomains), data-launcher="none" (the site has its own "Cookie settings" link:
 * any element with data-sotto-consent-open, or window.SottoConsent.open()).
 *
 * Nothing leaves the browser for anyone but Sotto before consent; tagged elements
 * (`<script type="text/plain" data-category="analytics">`, `<iframe data-src>`,
 * `<img data-src>`) are activated only once their category is allowed.
 * Built by scripts/build-consent.mjs into public/consent.js (budget: 10 KB gzipped).
 */
import { fingerprintSource } from "../lib/consent/canonical";
import {
  acceptAll,
  allowsCategory,
  applyGpc,
  conflictsWithGpc,
  consentModeDefault,
  consentModeUpdate,
  NOTHING,
  OPTIONAL_CATEGORIES,
  withdrawnCategories,
  type TMethod,
  type TSelections,
} from "../lib/consent/categories";
import type { TConsentPolicy } from "../lib/consent/schemas";
import { applyToDocument, deleteCategoryCookies } from "./dom";
import { pickLocale, STRINGS } from "./i18n";
import { newConsentId, readChoice, writeChoice, type TStored } from "./storage";
import { banner, launcher, mountRoot, settingsDialog, type TView } from "./ui";

type TConfig = { key: string; policyVersion: number; fingerprint: string; policy: TConsentPolicy; sync: boolean };
type TListener = (s: TSelections) => void;
type TWin = Window & { dataLayer?: unknown[]; gtag?: (...a: unknown[]) => void; SottoConsent?: unknown };

const w = window as TWin;
const script = document.currentScript as HTMLScriptElement | null;

if (script && !w.SottoConsent) start(script);

function start(script: HTMLScriptElement): void {
  const data = script.dataset;
  const key = data.sottoKey ?? "";
  const api = new URL(script.src, location.href).origin;
  const locale = pickLocale(data.locale || navigator.language);
  const t = STRINGS[locale];
  const nonce = data.nonce || script.nonce || undefined;
  const cookieDomain = data.cookieDomain || null;
  const gpc = (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;

  // Google Consent Mode v2: everything denied before any tag can run.
  w.dataLayer = w.dataLayer || [];
  // gtag must push the arguments object itself: that is what Google's tags read.
  // eslint-disable-next-line prefer-rest-params
  w.gtag = w.gtag || function () { w.dataLayer!.push(arguments); };
  w.gtag("consent", "default", consentModeDefault());

  let config: TConfig | null = null;
  let fp = "";
  let stored: TStored | null = readChoice();
  let current: TSelections | null = null;
  let root: ShadowRoot | null = null;
  let layer: HTMLElement | null = null;
  let opener: Element | null = null;
  const listeners: TListener[] = [];
  /** The stored choice answers the policy on show (a stale one only lends its consent id). */
  const valid = () => !!stored && stored.fp === fp;

  w.SottoConsent = {
    allows: (category: string) => allowsCategory(current, category),
    open: () => openSettings(),
    getConsentId: () => stored?.id ?? null,
    onChange(cb: TListener) {
      listeners.push(cb);
      return () => listeners.splice(listeners.indexOf(cb) >>> 0, 1);
    },
  };

  document.addEventListener("click", (e) => {
    const el = (e.target as Element | null)?.closest?.("[data-sotto-consent-open]");
    if (el) {
      e.preventDefault();
      openSettings();
    }
  });

  const view = (): TView => ({
    policy: config!.policy,
    locale,
    t,
    gpc,
    consentId: stored?.id ?? null,
    receiptUrl: stored ? `${api}/api/consent/receipt?key=${encodeURIComponent(key)}&consentId=${encodeURIComponent(stored.id)}` : null,
  });

  function apply(sel: TSelections | null): void {
    const before = current;
    current = sel;
    w.gtag!("consent", "update", consentModeUpdate(sel ?? NOTHING));
    if (config && before) deleteCategoryCookies(config.policy, withdrawnCategories(before, sel ?? NOTHING));
    applyToDocument(sel, nonce);
    if (sel) for (const cb of listeners.slice()) try { cb(sel); } catch { /* a listener's error is the site's, not ours */ }
    w.dispatchEvent(new CustomEvent("sotto:consent-changed", { detail: { selections: sel } }));
  }

  function show(el: HTMLElement | null): void {
    if (!root) {
      root = mountRoot();
      // Esc closes whichever layer is open, exactly like its × button.
      root.addEventListener("keydown", (e) => {
        if ((e as KeyboardEvent).key === "Escape") layer?.querySelector<HTMLElement>(".x")?.click();
      });
    }
    layer?.remove();
    layer = el;
    if (el) root.append(el);
    else if (data.launcher !== "none") root.append((layer = launcher(t, openSettings)));
  }

  async function post(s: TStored): Promise<number> {
    try {
      const res = await fetch(`${api}/api/consent/records?key=${encodeURIComponent(key)}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: config?.sync ? "same-origin" : "omit",
        keepalive: true,
        body: JSON.stringify({ key, consentId: s.id, selections: s.sel, method: s.method, fingerprint: fp, policyVersion: config!.policyVersion, locale, gpc }),
      });
      return res.status;
    } catch {
      return 0;
    }
  }

  /** Records a choice first (a stale banner is refused with 409 and asks again), then honours it. */
  async function choose(method: TMethod, sel: TSelections, after?: () => void): Promise<void> {
    if (gpc) sel = applyGpc(sel);
    if (method !== "gpc" && current && withdrawnCategories(current, sel).length) method = "withdraw";
    const next: TStored = { id: stored?.id ?? newConsentId(), fp, sel, method, at: Date.now(), synced: false };
    const status = await post(next);
    if (status === 409) return void (await load(true));
    next.synced = status === 200 || status === 201;
    stored = next;
    writeChoice(next, cookieDomain);
    apply(sel);
    if (after) after();
    else show(null);
  }

  const offered = () => OPTIONAL_CATEGORIES.filter((c) => config!.policy.categories[c].enabled);

  function firstLayer(gpcNotice = false): void {
    show(
      banner(view(), {
        accept: () => choose("accept_all", acceptAll(offered(), gpc)),
        reject: () => choose("reject_all", NOTHING),
        customize: openSettings,
        // Closing without choosing keeps every optional category off, and says so in the record.
        close: () => (gpcNotice || valid() ? show(null) : choose("dismiss", NOTHING)),
      }, gpcNotice),
    );
  }

  function openSettings(): void {
    if (!config) return;
    opener = document.activeElement;
    const restore = () => (opener as HTMLElement | null)?.focus?.();
    const done = () => { show(null); restore(); };
    const dialog = settingsDialog(view(), current ?? NOTHING, {
      save: (sel) => choose("customize", sel, done),
      accept: () => choose("accept_all", acceptAll(offered(), gpc), done),
      reject: () => choose("reject_all", NOTHING, done),
      close: () => (valid() ? done() : choose("dismiss", NOTHING, done)),
    });
    show(dialog);
    trapFocus(dialog);
  }

  function trapFocus(el: HTMLElement): void {
    const items = () => [...el.querySelectorAll<HTMLElement>("button,input:not([disabled]),a[href],summary")];
    items()[0]?.focus();
    el.addEventListener("keydown", (e) => {
      if (e.key !== "Tab") return;
      const list = items();
      const first = list[0], last = list[list.length - 1];
      const active = root!.activeElement;
      if (e.shiftKey && active === first) { e.preventDefault(); last?.focus(); }
      else if (!e.shiftKey && active === last) { e.preventDefault(); first?.focus(); }
    });
  }

  async function fetchJson<T>(url: string, init: RequestInit): Promise<T | null> {
    try {
      const res = await fetch(url, init);
      return res.ok ? ((await res.json()) as T) : null;
    } catch {
      return null;
    }
  }

  async function fingerprint(c: TConfig): Promise<string> {
    // Hash what will actually be shown; fall back to the server's value where WebCrypto is missing (plain-HTTP pages).
    if (!crypto.subtle) return c.fingerprint;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprintSource(c.policy, c.policyVersion)));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function load(fresh: boolean): Promise<void> {
    config = await fetchJson<TConfig>(`${api}/api/consent/config?key=${encodeURIComponent(key)}`, { cache: fresh ? "no-cache" : "default", credentials: "omit" });
    // No config (unknown key, offline): nothing optional runs, and nothing is shown.
    if (!config) return apply(null);
    fp = await fingerprint(config);
    let choice = stored && stored.fp === fp ? stored : null;
    if (stored && !choice) deleteCategoryCookies(config.policy, OPTIONAL_CATEGORIES.filter((c) => stored!.sel[c]));

    if (config.sync && script.hasAttribute("data-signed-in")) {
      // Signed in on Sotto's own pages: the newest choice of this user, from any device, wins.
      const me = await fetchJson<{ choice: null | { consentId: string; fingerprint: string; selections: TSelections; method: TMethod; at: number } }>(`${api}/api/consent/me`, { credentials: "same-origin" });
      const theirs = me?.choice;
      if (theirs && theirs.fingerprint === fp && (!choice || theirs.at > choice.at)) {
        choice = stored = { id: theirs.consentId, fp, sel: { ...NOTHING, ...theirs.selections, necessary: true }, method: theirs.method, at: theirs.at, synced: true };
        writeChoice(choice, cookieDomain);
      } else if (choice && me && (!theirs || choice.at > theirs.at)) choice.synced = false;
    }
    if (choice && !choice.synced && (await post(choice)) < 300) writeChoice({ ...choice, synced: true }, cookieDomain);

    if (gpc && (!choice || conflictsWithGpc(choice.sel))) {
      current = choice?.sel ?? null;
      return choose("gpc", applyGpc(choice?.sel ?? NOTHING), () => firstLayer(true));
    }
    if (choice) {
      apply(choice.sel);
      return show(null);
    }
    apply(null);
    firstLayer();
  }

  const begin = () => {
    new MutationObserver(() => applyToDocument(current, nonce)).observe(document.documentElement, { childList: true, subtree: true });
    void load(false);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin);
  else begin();
}
