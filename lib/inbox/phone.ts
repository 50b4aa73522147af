import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * A phone number in E.164 ("+393331234567"), or null when it is not a possible
 * number. Provider formats are accepted: "+39 333 123 4567", "whatsapp:+39…",
 * and bare international digits as in WhatsApp's wa_id ("393331234567").
 */
export function toE164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = raw.trim().replace(/^whatsapp:/i, "");
  if (/^\d{6,15}$/.test(s)) s = `+${s}`;
  if (!s.startsWith("+")) return null;
  const n = parsePhoneNumberFromString(s);
  return n && n.isPossible() ? n.number : null;
}
