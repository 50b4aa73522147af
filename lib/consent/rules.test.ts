import { describe, expect, it } from "vitest";
import { NOTHING } from "./categories";
import { checkChoice } from "./rules";
import { ZRecordInput } from "./schemas";

const offered = ["functional", "analytics"] as const;
const all = { ...NOTHING, functional: true, analytics: true };

describe("checkChoice", () => {
  it("accepts choices consistent with their method", () => {
    expect(checkChoice({ method: "accept_all", selections: all, gpc: false }, offered)).toBeNull();
    expect(checkChoice({ method: "reject_all", selections: NOTHING, gpc: false }, offered)).toBeNull();
    expect(checkChoice({ method: "dismiss", selections: NOTHING, gpc: false }, offered)).toBeNull();
    expect(checkChoice({ method: "customize", selections: { ...NOTHING, analytics: true }, gpc: false }, offered)).toBeNull();
    expect(checkChoice({ method: "accept_all", selections: { ...NOTHING, functional: true }, gpc: true }, offered)).toBeNull();
  });
  it("refuses forged or inconsistent ones", () => {
    expect(checkChoice({ method: "customize", selections: { ...NOTHING, advertising: true }, gpc: false }, offered)).toBe("category_not_offered");
    expect(checkChoice({ method: "accept_all", selections: { ...NOTHING, functional: true }, gpc: false }, offered)).toBe("method_mismatch");
    expect(checkChoice({ method: "dismiss", selections: all, gpc: false }, offered)).toBe("method_mismatch");
    expect(checkChoice({ method: "gpc", selections: NOTHING, gpc: false }, offered)).toBe("method_mismatch");
    expect(checkChoice({ method: "customize", selections: { ...NOTHING, analytics: true }, gpc: true }, offered)).toBe("gpc_conflict");
  });
});

describe("ZRecordInput", () => {
  const valid = {
    key: "cpk_abcdefghijklmnopqrstuvwx",
    consentId: "AAAAAAAAAAAAAAAAAAAAAA",
    selections: NOTHING,
    method: "reject_all",
    fingerprint: "a".repeat(64),
    policyVersion: 1,
  };
  it("parses a record and refuses unknown categories, methods and extra fields", () => {
    expect(ZRecordInput.safeParse(valid).success).toBe(true);
    expect(ZRecordInput.safeParse({ ...valid, selections: { ...NOTHING, telemetry: true } }).success).toBe(false);
    expect(ZRecordInput.safeParse({ ...valid, selections: { ...NOTHING, necessary: false } }).success).toBe(false);
    expect(ZRecordInput.safeParse({ ...valid, method: "implied" }).success).toBe(false);
    expect(ZRecordInput.safeParse({ ...valid, userId: "u1" }).success).toBe(false);
    expect(ZRecordInput.safeParse({ ...valid, consentId: "short" }).success).toBe(false);
  });
});
