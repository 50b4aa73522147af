/** The banner's own words (buttons, labels); the notice itself comes from the tenant's policy. */
export const STRINGS = {
  en: {
    accept: "Accept all",
    reject: "Reject all",
    customize: "Customize",
    save: "Save choices",
    close: "Close",
    closeBanner: "Close and keep only necessary cookies",
    settings: "Cookie settings",
    prefs: "Privacy settings",
    policy: "Cookie policy",
    vendors: "Vendors",
    cookies: "Cookies",
    noCookies: "No cookies",
    retention: "Keeps data for",
    privacy: "Privacy policy",
    always: "Always on",
    gpc: "Your browser's Global Privacy Control signal was honoured: analytics and advertising stay off.",
    gpcLocked: "Off because of your browser's Global Privacy Control signal",
    id: "Your consent ID",
    receipt: "Download your consent receipt",
    ok: "OK",
    session: "until you close the browser",
    day: ["day", "days"],
    month: ["month", "months"],
    year: ["year", "years"],
  },
  it: {
    accept: "Accetta tutto",
    reject: "Rifiuta tutto",
    customize: "Personalizza",
    save: "Salva le scelte",
    close: "Chiudi",
    closeBanner: "Chiudi e mantieni solo i cookie necessari",
    settings: "Impostazioni cookie",
    prefs: "Impostazioni privacy",
    policy: "Cookie policy",
    vendors: "Fornitori",
    cookies: "Cookie",
    noCookies: "Nessun cookie",
    retention: "Conserva i dati per",
    privacy: "Informativa privacy",
    always: "Sempre attivi",
    gpc: "Abbiamo rispettato il segnale Global Privacy Control del tuo browser: statistiche e pubblicità restano disattivate.",
    gpcLocked: "Disattivato dal segnale Global Privacy Control del tuo browser",
    id: "Il tuo ID di consenso",
    receipt: "Scarica la ricevuta del consenso",
    ok: "OK",
    session: "fino alla chiusura del browser",
    day: ["giorno", "giorni"],
    month: ["mese", "mesi"],
    year: ["anno", "anni"],
  },
} as const;

export type TLocale = keyof typeof STRINGS;
export type TStrings = (typeof STRINGS)[TLocale];

export function pickLocale(requested: string | null | undefined): TLocale {
  const l = (requested ?? "").toLowerCase().slice(0, 2);
  return l === "it" ? "it" : "en";
}

export function formatDays(days: number | null, t: TStrings): string {
  if (days === null) return t.session;
  const unit = (n: number, u: readonly string[]) => `${n} ${u[n === 1 ? 0 : 1]}`;
  if (days < 31) return unit(days, t.day);
  if (days < 730 || days % 365) return unit(Math.round(days / 30.4), t.month);
  return unit(days / 365, t.year);
}
