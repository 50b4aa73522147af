import { afterEach, describe, expect, it, vi } from "vitest";
import { createKeyRing, DecryptionError, generateKeySpec, KeyRingConfigError, parseKeySpec } from "./key-ring";

const k1 = generateKeySpec("k1");
const k2 = generateKeySpec("k2");
const AAD = "TenantSecret:t1:stripe";

// Replaces one base64url character with a different one, keeping the string well-formed.
function flipChar(s: string, i: number): string {
  const c = s[i]!;
  return s.slice(0, i) + (c === "A" ? "B" : "A") + s.slice(i + 1);
}

function expectRefused(fn: () => unknown, reason?: DecryptionError["reason"]) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DecryptionError);
    if (reason) expect((err as DecryptionError).reason).toBe(reason);
    return;
  }
  throw new Error("expected a DecryptionError");
}

describe("key ring", () => {
  it("round-trips text, including empty and non-ASCII, with and without AAD", () => {
    const ring = createKeyRing(k1);
    for (const plain of ["sk_live_123", "", "päss wörd ✓ 🔑", "x".repeat(10_000)]) {
      const ct = ring.encrypt(plain, AAD);
      expect(ct).toMatch(/^v1\.k1\.[\w-]{16}\.[\w-]{22}\.[\w-]*$/);
      expect(ct).not.toContain(plain || "\u0000");
      expect(ring.decrypt(ct, AAD)).toBe(plain);
    }
    expect(ring.decrypt(ring.encrypt("no aad"))).toBe("no aad");
  });

  it("uses a fresh IV every time", () => {
    const ring = createKeyRing(k1);
    expect(ring.encrypt("same", AAD)).not.toBe(ring.encrypt("same", AAD));
  });

  it("refuses a tampered ciphertext, tag, IV or AAD", () => {
    const ring = createKeyRing(k1);
    const ct = ring.encrypt("a secret value", AAD);
    const [v, id, iv, tag, body] = ct.split(".") as [string, string, string, string, string];
    expectRefused(() => ring.decrypt([v, id, iv, tag, flipChar(body, 0)].join("."), AAD), "auth");
    expectRefused(() => ring.decrypt([v, id, iv, flipChar(tag, 0), body].join("."), AAD), "auth");
    expectRefused(() => ring.decrypt([v, id, flipChar(iv, 0), tag, body].join("."), AAD), "auth");
    expectRefused(() => ring.decrypt(ct, "TenantSecret:t2:stripe"), "auth");
    expectRefused(() => ring.decrypt(ct), "auth");
    // Truncated body or tag, a changed last character, wrong version, junk.
    expectRefused(() => ring.decrypt([v, id, iv, tag, body.slice(0, -2)].join("."), AAD));
    expectRefused(() => ring.decrypt([v, id, iv, tag, body.slice(0, -4)].join("."), AAD));
    expectRefused(() => ring.decrypt([v, id, iv, tag.slice(0, -1), body].join("."), AAD), "format");
    expectRefused(() => ring.decrypt([v, id, iv, tag.slice(0, -1) + (tag.endsWith("A") ? "g" : "A"), body].join("."), AAD));
    expectRefused(() => ring.decrypt(["v2", id, iv, tag, body].join("."), AAD), "format");
    expectRefused(() => ring.decrypt("plaintext", AAD), "format");
    expectRefused(() => ring.decrypt(`${ct}.extra`, AAD), "format");
    expectRefused(() => ring.decrypt(ct.replace(/^v1\.k1\./, "v1.k1*."), AAD), "format");
  });

  it("refuses non-canonical base64url that would decode to the same bytes", () => {
    const ring = createKeyRing(k1);
    const ct = ring.encrypt("v", AAD);
    const [v, id, iv, tag, body] = ct.split(".") as [string, string, string, string, string];
    // The last character of a 16-byte tag carries 4 unused bits.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(tag.at(-1)!);
    const sibling = alphabet[last ^ 1]!;
    expectRefused(() => ring.decrypt([v, id, iv, tag.slice(0, -1) + sibling, body].join("."), AAD), "format");
  });

  it("refuses an unknown key id and a ciphertext relabelled to another key", () => {
    const ct = createKeyRing(k1).encrypt("x", AAD);
    expectRefused(() => createKeyRing(k2).decrypt(ct, AAD), "unknown_key");
    const both = createKeyRing(`${k1},${k2}`);
    expectRefused(() => both.decrypt(ct.replace(/^v1\.k1\./, "v1.k2."), AAD), "auth");
  });

  it("rotates: old ciphertexts still decrypt, new ones use the last key", () => {
    const old = createKeyRing(k1).encrypt("rotate me", AAD);
    const ring = createKeyRing(`${k1},${k2}`);
    expect(ring.currentKeyId).toBe("k2");
    expect(ring.keyIds).toEqual(["k1", "k2"]);
    expect(ring.decrypt(old, AAD)).toBe("rotate me");
    expect(ring.keyIdOf(old)).toBe("k1");
    expect(ring.isCurrent(old)).toBe(false);
    const fresh = ring.encrypt("rotate me", AAD);
    expect(ring.keyIdOf(fresh)).toBe("k2");
    expect(ring.isCurrent(fresh)).toBe(true);
    expect(ring.isCurrent("garbage")).toBe(false);
    expect(() => ring.keyIdOf("garbage")).toThrow(DecryptionError);
  });

  it("refuses malformed key specs, naming the variable but never the key", () => {
    const material = k1.split(":")[1]!;
    const bad = [
      "",
      "   ",
      material,
      `:${material}`,
      `k.1:${material}`,
      `k1:${material},k1:${generateKeySpec("x").split(":")[1]}`,
      `k1:${Buffer.alloc(16, 1).toString("base64")}`,
      `k1:${Buffer.alloc(33, 1).toString("base64")}`,
      `k1:${material.replace(/=$/, "")}`,
      `k1:${Buffer.alloc(32, 250).toString("base64url")}=`,
      `${k1},`,
    ];
    for (const spec of bad) {
      let err: unknown;
      try {
        parseKeySpec(spec);
      } catch (e) {
        err = e;
      }
      expect(err, spec).toBeInstanceOf(KeyRingConfigError);
      expect((err as Error).message).toContain("SOTTO_ENCRYPTION_KEYS");
      expect((err as Error).message).not.toContain(material);
    }
    expect(() => generateKeySpec("bad id")).toThrow(KeyRingConfigError);
  });

  it("accepts whitespace around entries and generates valid specs", () => {
    const ring = createKeyRing(` ${k1} , ${k2} `);
    expect(ring.keyIds).toEqual(["k1", "k2"]);
    expect(generateKeySpec("2026-11")).toMatch(/^2026-11:[A-Za-z0-9+/]{43}=$/);
  });
});

describe("the configured key ring", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  // lib/env.ts parses once per module instance, so each case loads fresh modules.
  async function ringModuleWith(keys: string) {
    vi.stubEnv("SOTTO_ENCRYPTION_KEYS", keys);
    vi.resetModules();
    return import("./key-ring");
  }

  it("names SOTTO_ENCRYPTION_KEYS when it is missing or invalid", async () => {
    expect((await ringModuleWith("")).encrypt.bind(null, "x")).toThrow(/SOTTO_ENCRYPTION_KEYS: is not set/);
    expect((await ringModuleWith("k1:c2hvcnQ=")).encrypt.bind(null, "x")).toThrow(/SOTTO_ENCRYPTION_KEYS: key "k1"/);
  });

  it("encrypts with the last configured key", async () => {
    const m = await ringModuleWith(`${k1},${k2}`);
    const ct = m.encrypt("hello", AAD);
    expect(m.keyIdOf(ct)).toBe("k2");
    expect(m.isCurrent(ct)).toBe(true);
    expect(m.decrypt(ct, AAD)).toBe("hello");
    expect(m.decrypt(createKeyRing(k1).encrypt("old", AAD), AAD)).toBe("old");
  });
});
