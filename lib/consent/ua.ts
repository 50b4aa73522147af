/**
 * The browser family of a user agent, nothing more: the full string is close to
 * a fingerprint and the proof of consent needs only "which kind of browser".
 * Order matters: Edge and Opera also claim Chrome, Chrome also claims Safari.
 */
const FAMILIES: readonly [RegExp, string][] = [
  [/bot|crawler|spider|crawling|headless/i, "Bot"],
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

export function uaFamily(ua: string | null | undefined): string {
  if (!ua) return "Unknown";
  for (const [re, name] of FAMILIES) if (re.test(ua)) return name;
  return "Other";
}
