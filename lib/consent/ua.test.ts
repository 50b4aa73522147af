import { describe, expect, it } from "vitest";
import { uaFamily } from "./ua";

describe("uaFamily", () => {
  it("keeps only the browser family", () => {
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    expect(uaFamily(chrome)).toBe("Chrome");
    expect(uaFamily(`${chrome} Edg/131.0.0.0`)).toBe("Edge");
    expect(uaFamily(`${chrome} OPR/115.0.0.0`)).toBe("Opera");
    expect(uaFamily("Mozilla/5.0 (Windows NT 10.0; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox");
    expect(uaFamily("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")).toBe("Safari");
    expect(uaFamily("Googlebot/2.1 (+http://www.google.com/bot.html)")).toBe("Bot");
    expect(uaFamily("curl/8.5.0")).toBe("Other");
    expect(uaFamily(null)).toBe("Unknown");
  });
});
