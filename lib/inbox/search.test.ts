import { describe, expect, it } from "vitest";
import { headlineSql, searchHitsCte } from "./search";
import { splitHighlight } from "./highlight";

describe("searchHitsCte", () => {
  it("binds the query and the tenant as parameters, never as SQL text", () => {
    const q = `refund' OR 1=1; DROP TABLE "Message"; --`;
    const sql = searchHitsCte("tenant_a", q);
    expect(sql.sql).not.toContain("refund");
    expect(sql.sql).not.toContain("tenant_a");
    expect(sql.values).toEqual([q, 2000, "tenant_a"]);
  });

  it("matches through the indexed definer function and reads the hit under an explicit tenant predicate", () => {
    const text = searchHitsCte("t", "ordine").sql.replace(/\s+/g, " ");
    expect(text).toContain("FROM sotto_search_messages(?::text, ?::int) s");
    expect(text).toMatch(/hm\."tenantId" = \?/);
  });

  it("highlights with ts_headline and private-use markers", () => {
    const h = headlineSql("x");
    expect(h.sql).toContain("ts_headline('simple'");
    expect(h.values).toContain("\uE000");
    expect(h.values).toContain("\uE001");
  });
});

describe("splitHighlight", () => {
  it("splits a headline into plain and matched parts", () => {
    expect(splitHighlight("il mio \uE000ordine\uE001 #4821 \uE000ordine\uE001")).toEqual([
      { text: "il mio ", match: false },
      { text: "ordine", match: true },
      { text: " #4821 ", match: false },
      { text: "ordine", match: true },
    ]);
  });

  it("keeps markup in message text as text", () => {
    expect(splitHighlight("<b>\uE000x\uE001</b>")).toEqual([
      { text: "<b>", match: false },
      { text: "x", match: true },
      { text: "</b>", match: false },
    ]);
  });

  it("tolerates unbalanced markers", () => {
    expect(splitHighlight("a\uE001b\uE000c")).toEqual([
      { text: "ab", match: false },
      { text: "c", match: true },
    ]);
  });
});
