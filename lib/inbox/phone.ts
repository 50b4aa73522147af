import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * Parsing with libphonenumber costs tens of microseconds, and the accept path
 * normalises the same sender's number several times per delivery (identity,
 * contact phone) and again on each of their next messages. Results are pure
 * functions of the input, so a bounded memo (insertion order, oldest dropped)
 * keeps the hot senders' numbers.
 */
const MEMO_MAX = 10_000;
const memo = new Map<string, string | null>();

function parse(s: string): string | null {
  const n = parsePhoneNumberFromString(s);
  return n && n.isPossible() ? n.number : null;
}

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
  // Nothing that long is a phone number; it is parsed (and refused) without filling the memo.
  if (s.length > 32) return parse(s);
  const hit = memo.get(s);
  if (hit !== undefined) return hit;
  const out = parse(s);
  if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
  memo.set(s, out);
  return out;
}
