/**
 * Plain-text helpers for inbound mail: the new part of a reply (without the
 * quoted history every client appends) and the text direction.
 */

/** Lines that introduce the quoted original in common clients and languages. */
const ATTRIBUTION = [
  /^On\b.{0,300}\bwrote:\s*$/i, // Gmail, Apple Mail, Thunderbird (en)
  /^Il giorno\b.{0,300}\bha scritto:\s*$/i, // it
  /^El\b.{0,300}\bescribió:\s*$/i, // es
  /^Le\b.{0,300}\ba écrit\s?:\s*$/i, // fr
  /^Am\b.{0,300}\bschrieb\b.{0,300}:\s*$/i, // de
  /^Em\b.{0,300}\bescreveu:\s*$/i, // pt
  /^Op\b.{0,300}\bschreef\b.{0,300}:\s*$/i, // nl
  /^-{2,}\s*Original Message\s*-{2,}\s*$/i, // Outlook (en)
  /^-{2,}\s*Messaggio originale\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook web: a rule, then From:/Sent:
];
const OUTLOOK_HEADER = /^(?:From|Da|De|Von|Van):\s.+$/i;
const OUTLOOK_NEXT = /^(?:Sent|Date|Inviato|Data|Enviado|Envoyé|Gesendet|Verzonden):\s.+$/i;

export type TReplyText = { text: string; quotedOmitted: boolean };

/**
 * The part of `text` above the quoted original. Gmail may wrap a long "On … wrote:"
 * line in two, so an attribution is also looked for across two joined lines. When
 * nothing new is left (a bare forward), the whole text is kept.
 */
export function stripQuotedReply(text: string): TReplyText {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let cut = -1;
  for (let i = 0; i < lines.length && cut < 0; i++) {
    const line = lines[i]!.trim();
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]!.trim()}` : line;
    if (ATTRIBUTION.some((re) => re.test(line))) cut = i;
    else if (ATTRIBUTION.slice(0, 7).some((re) => re.test(joined)) && /^(On|Il giorno|El|Le|Am|Em|Op)\b/i.test(line)) cut = i;
    else if (OUTLOOK_HEADER.test(line) && i + 1 < lines.length && OUTLOOK_NEXT.test(lines[i + 1]!.trim()) && i > 0) cut = i;
    else if (line.startsWith(">") && lines.slice(i).every((l) => l.trim() === "" || l.trim().startsWith(">"))) cut = i;
  }
  if (cut < 0) return { text: text.trim(), quotedOmitted: false };
  const head = lines.slice(0, cut).join("\n").trim();
  return head ? { text: head, quotedOmitted: true } : { text: text.trim(), quotedOmitted: false };
}

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/gu;
const LTR = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u3040-\u30FF\u4E00-\u9FFF]/gu;

/** "rtl" when right-to-left letters (Arabic, Hebrew, …) outnumber left-to-right ones. */
export function textDirection(text: string | null | undefined): "ltr" | "rtl" {
  if (!text) return "ltr";
  const sample = text.slice(0, 4000);
  const rtl = sample.match(RTL)?.length ?? 0;
  const ltr = sample.match(LTR)?.length ?? 0;
  return rtl > ltr ? "rtl" : "ltr";
}
