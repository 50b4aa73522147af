/** Markers ts_headline puts around matches (Unicode private use, stripped from message text first). */
export const HIGHLIGHT_START = "\uE000";
export const HIGHLIGHT_END = "\uE001";

/**
 * Splits a search headline into plain and matched parts, so the browser renders
 * matches as <mark> elements and never parses message text as HTML.
 */
export function splitHighlight(headline: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const s = rest.indexOf(HIGHLIGHT_START);
    if (s === -1) {
      parts.push({ text: rest.replaceAll(HIGHLIGHT_END, ""), match: false });
      break;
    }
    if (s > 0) parts.push({ text: rest.slice(0, s).replaceAll(HIGHLIGHT_END, ""), match: false });
    const e = rest.indexOf(HIGHLIGHT_END, s + 1);
    const inner = e === -1 ? rest.slice(s + 1) : rest.slice(s + 1, e);
    if (inner) parts.push({ text: inner.replaceAll(HIGHLIGHT_START, ""), match: true });
    rest = e === -1 ? "" : rest.slice(e + 1);
  }
  return parts.filter((p) => p.text.length > 0);
}
