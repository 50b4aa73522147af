import { describe, expect, it } from "vitest";
import { auditSearchParams, firstValues, parseAuditFilters, ZAuditFilters } from "./query";

describe("audit filters", () => {
  it("treats empty form fields as no filter", () => {
    expect(ZAuditFilters.parse({ action: "", actor: "", from: "", to: "", cursor: "", pageSize: "" })).toEqual({ pageSize: 50 });
  });

  it("drops and names invalid fields, keeping the valid ones", () => {
    const { filters, invalid } = parseAuditFilters({ action: "member.invited", from: "yesterday", cursor: "-1", pageSize: "1000" });
    expect(filters).toEqual({ action: "member.invited", pageSize: 50 });
    expect(invalid.sort()).toEqual(["cursor", "from", "pageSize"]);
    expect(parseAuditFilters({ from: "2026-02-02", to: "2026-02-01" }).invalid).toEqual(["to"]);
    expect(parseAuditFilters({ action: "not.an.action" }).invalid).toEqual(["action"]);
  });

  it("builds links that keep filters and omit defaults", () => {
    const f = ZAuditFilters.parse({ action: "member.invited", actor: "a b&c", cursor: "40" });
    expect(auditSearchParams(f)).toBe("action=member.invited&actor=a+b%26c&cursor=40");
    expect(auditSearchParams(f, { cursor: "10", pageSize: "20" })).toBe("action=member.invited&actor=a+b%26c&cursor=10&pageSize=20");
    expect(auditSearchParams(f, { cursor: null })).toBe("action=member.invited&actor=a+b%26c");
  });

  it("takes the first of repeated query values", () => {
    expect(firstValues({ a: ["1", "2"], b: "3", c: undefined })).toEqual({ a: "1", b: "3", c: undefined });
  });
});
