import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, ZAuditAction, auditActionLabel } from "./actions";

describe("audit actions", () => {
  it("accepts known actions and refuses others", () => {
    expect(ZAuditAction.parse("member.role_changed")).toBe("member.role_changed");
    expect(ZAuditAction.safeParse("member.deleted").success).toBe(false);
  });
  it("has a label for every action and falls back to the raw name", () => {
    for (const a of AUDIT_ACTIONS) expect(auditActionLabel(a)).not.toBe(a);
    expect(auditActionLabel("future.action")).toBe("future.action");
  });
});
