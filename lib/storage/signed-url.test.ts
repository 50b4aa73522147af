import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { generateKeySpec } from "@/lib/crypto/key-ring";

const k1 = generateKeySpec("k1");
const k2 = generateKeySpec("k2");
let m: typeof import("./signed-url");

beforeEach(async () => {
  vi.stubEnv("SOTTO_ENCRYPTION_KEYS", k1);
  vi.stubEnv("APP_URL", "https://sotto.example");
  vi.resetModules();
  m = await import("./signed-url");
});
afterEach(() => vi.unstubAllEnvs());

// lib/env reads the environment once per module instance.
async function reload() {
  vi.resetModules();
  m = await import("./signed-url");
}

const at = new Date("2026-06-01T12:00:00Z");
const later = (s: number) => new Date(at.getTime() + s * 1000);

function signed(over: { tenantId?: string; attachmentId?: string; expiresAt?: Date } = {}) {
  return new URL(m.signAttachmentUrl({ tenantId: "tenant_a", attachmentId: "att_1", expiresAt: later(600), ...over }));
}

describe("signed attachment URLs", () => {
  it("verify for their tenant and attachment until they expire", () => {
    const url = signed();
    expect(url.origin + url.pathname).toBe("https://sotto.example/api/attachments/att_1");
    expect(m.verifyAttachmentToken("att_1", url.searchParams, at)).toMatchObject({ ok: true, tenantId: "tenant_a" });
    expect(m.verifyAttachmentToken("att_1", url.searchParams, later(600))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse a changed tenant, attachment, expiry or signature", () => {
    const url = signed();
    const tampered = (k: string, v: string) => {
      const q = new URLSearchParams(url.searchParams);
      q.set(k, v);
      return m.verifyAttachmentToken("att_1", q, at);
    };
    expect(m.verifyAttachmentToken("att_2", url.searchParams, at)).toEqual({ ok: false, reason: "bad_signature" });
    expect(tampered("tenant", "tenant_b")).toEqual({ ok: false, reason: "bad_signature" });
    expect(tampered("exp", String(Number(url.searchParams.get("exp")) + 3600))).toEqual({ ok: false, reason: "bad_signature" });
    const sig = url.searchParams.get("sig")!;
    expect(tampered("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1))).toEqual({ ok: false, reason: "bad_signature" });
    expect(tampered("kid", "nope")).toEqual({ ok: false, reason: "bad_signature" });
    expect(tampered("sig", "short")).toEqual({ ok: false, reason: "malformed" });
    expect(m.verifyAttachmentToken("att_1", new URLSearchParams(), at)).toEqual({ ok: false, reason: "malformed" });
  });

  it("keep working across a key rotation and stop when the key is removed", async () => {
    const url = signed();
    vi.stubEnv("SOTTO_ENCRYPTION_KEYS", `${k1},${k2}`);
    await reload();
    expect(m.verifyAttachmentToken("att_1", url.searchParams, at).ok).toBe(true);
    expect(signed().searchParams.get("kid")).toBe("k2");
    vi.stubEnv("SOTTO_ENCRYPTION_KEYS", k2);
    await reload();
    expect(m.verifyAttachmentToken("att_1", url.searchParams, at)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("mint dashboard URLs that last at least the configured lifetime and stay stable for a few minutes", () => {
    const a = new URL(m.attachmentUrl("tenant_a", "att_1", later(10)));
    const b = new URL(m.attachmentUrl("tenant_a", "att_1", later(100)));
    expect(a.toString()).toBe(b.toString());
    expect(Number(a.searchParams.get("exp")) * 1000).toBeGreaterThanOrEqual(later(3610).getTime());
  });
});
