/**
 * Opt-out / opt-in keywords for SMS and WhatsApp. A message opts the contact
 * out (or back in) only when the WHOLE message is one keyword: "stop", " STOP! "
 * and "Stop 🙏" count, "please stop calling" does not. Case, spacing,
 * punctuation, symbols and accents are ignored.
 */
export type TOptStatus = "opted_in" | "opted_out";
export type TOptKeyword = { keyword: string; status: TOptStatus; lang: "en" | "it" | "es" };

export const OPT_KEYWORDS: readonly TOptKeyword[] = [
  // English (carrier-standard, also what Twilio Advanced Opt-Out recognises)
  { keyword: "STOP", status: "opted_out", lang: "en" },
  { keyword: "STOPALL", status: "opted_out", lang: "en" },
  { keyword: "UNSUBSCRIBE", status: "opted_out", lang: "en" },
  { keyword: "CANCEL", status: "opted_out", lang: "en" },
  { keyword: "END", status: "opted_out", lang: "en" },
  { keyword: "QUIT", status: "opted_out", lang: "en" },
  { keyword: "START", status: "opted_in", lang: "en" },
  { keyword: "UNSTOP", status: "opted_in", lang: "en" },
  { keyword: "YES", status: "opted_in", lang: "en" },
  // Italian ("STOP" is shared with English)
  { keyword: "BASTA", status: "opted_out", lang: "it" },
  { keyword: "DISISCRIVI", status: "opted_out", lang: "it" },
  { keyword: "ANNULLA", status: "opted_out", lang: "it" },
  { keyword: "ISCRIVI", status: "opted_in", lang: "it" },
  { keyword: "AVVIA", status: "opted_in", lang: "it" },
  // Spanish
  { keyword: "BAJA", status: "opted_out", lang: "es" },
  { keyword: "ALTO", status: "opted_out", lang: "es" },
  { keyword: "CANCELAR", status: "opted_out", lang: "es" },
  { keyword: "DETENER", status: "opted_out", lang: "es" },
  { keyword: "ALTA", status: "opted_in", lang: "es" },
  { keyword: "INICIAR", status: "opted_in", lang: "es" },
];

const BY_KEYWORD = new Map(OPT_KEYWORDS.map((k) => [k.keyword, k]));
const LONGEST = Math.max(...OPT_KEYWORDS.map((k) => k.keyword.length));

/** Letters and digits only, upper case, accents removed. */
export function normaliseKeyword(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]/gu, "")
    .toUpperCase();
}

export function classifyOptKeyword(text: string | null | undefined): TOptKeyword | null {
  // Long messages are conversation, not keywords; skip normalising them.
  if (!text || text.length > 64) return null;
  const k = normaliseKeyword(text);
  return k.length <= LONGEST ? (BY_KEYWORD.get(k) ?? null) : null;
}
