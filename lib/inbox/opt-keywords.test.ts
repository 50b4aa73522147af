import { describe, expect, it } from "vitest";
import { classifyOptKeyword, OPT_KEYWORDS } from "./opt-keywords";

describe("classifyOptKeyword", () => {
  it("recognises every opt-out keyword in English, Italian and Spanish", () => {
    for (const k of ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "BASTA", "DISISCRIVI", "ANNULLA", "BAJA", "ALTO", "CANCELAR", "DETENER"]) {
      expect(classifyOptKeyword(k), k).toMatchObject({ keyword: k, status: "opted_out" });
    }
  });

  it("recognises every opt-in keyword", () => {
    for (const k of ["START", "UNSTOP", "YES", "ISCRIVI", "AVVIA", "ALTA", "INICIAR"]) {
      expect(classifyOptKeyword(k), k).toMatchObject({ keyword: k, status: "opted_in" });
    }
  });

  it("ignores case, surrounding and inner whitespace, punctuation, emoji and accents", () => {
    for (const text of ["stop", " Stop ", "STOP!", "stop.", "¡Stop!", "\tstop\n", "Stop 🙏", "s t o p", "\u00a0STOP\u00a0", "Stop all", "Cancelár"]) {
      expect(classifyOptKeyword(text)?.status, JSON.stringify(text)).toBe("opted_out");
    }
    expect(classifyOptKeyword("  start!! ")).toMatchObject({ keyword: "START", status: "opted_in" });
    expect(classifyOptKeyword("Sì? no: ALTA")).toBeNull();
  });

  it("only matches whole-message keywords", () => {
    for (const text of ["please stop", "stop sending me messages", "I want to cancel my order", "yes please", "the end", "STOP2", "stopped", "", null, undefined]) {
      expect(classifyOptKeyword(text), String(text)).toBeNull();
    }
  });

  it("has no keyword listed twice or with both statuses", () => {
    const words = OPT_KEYWORDS.map((k) => k.keyword);
    expect(new Set(words).size).toBe(words.length);
  });
});
