import { METHODS, type TMethod, type TSelections } from "../lib/consent/categories";

/**
 * The visitor's choice lives in one first-party cookie, `sotto_consent`
 * (strictly necessary: it stores the refusal too). A cookie rather than
 * localStorage because it expires by itself (choices are asked again after 180
 * days), can be shared by a site's subdomains (data-cookie-domain), and lets the
 * host's server see the choice and not render blocked tags at all.
 *
 *   1.<consentId>.<fingerprint>.<functional analytics advertising as 0/1>.<method index>.<time ms>.<synced 0/1>
 */
export const COOKIE = "sotto_consent";
const MAX_AGE = 180 * 24 * 3600;

export type TStored = { id: string; fp: string; sel: TSelections; method: TMethod; at: number; synced: boolean };

export function encode(s: TStored): string {
  const f = (b: boolean) => (b ? "1" : "0");
  return ["1", s.id, s.fp, f(s.sel.functional) + f(s.sel.analytics) + f(s.sel.advertising), METHODS.indexOf(s.method), s.at, s.synced ? 1 : 0].join(".");
}

export function decode(v: string | null): TStored | null {
  const p = (v ?? "").split(".");
  if (p.length !== 7 || p[0] !== "1" || !/^[\w-]{22,64}$/.test(p[1]!) || !/^[0-9a-f]{64}$/.test(p[2]!) || !/^[01]{3}$/.test(p[3]!)) return null;
  const method = METHODS[Number(p[4])];
  if (!method) return null;
  const b = p[3]!;
  return {
    id: p[1]!,
    fp: p[2]!,
    sel: { necessary: true, functional: b[0] === "1", analytics: b[1] === "1", advertising: b[2] === "1" },
    method,
    at: Number(p[5]) || 0,
    synced: p[6] === "1",
  };
}

export function readChoice(): TStored | null {
  const m = document.cookie.match(/(?:^|;\s*)sotto_consent=([^;]*)/);
  return m ? decode(decodeURIComponent(m[1]!)) : null;
}

export function writeChoice(s: TStored | null, domain: string | null): void {
  const attrs = `;path=/;samesite=lax${domain ? `;domain=${domain}` : ""}${location.protocol === "https:" ? ";secure" : ""}`;
  document.cookie = s ? `${COOKIE}=${encode(s)};max-age=${MAX_AGE}${attrs}` : `${COOKIE}=;max-age=0${attrs}`;
}

/** 16 random bytes, base64url: the visitor's consent id. */
export function newConsentId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
