import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprintSource } from "./canonical";
import { defaultConsentPolicy } from "./default-policy";
import { policyFingerprint } from "./fingerprint";
import { ZConsentPolicy } from "./schemas";

/** Reverses key order at every level: same data, different serialisation order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it("escapes strings like JSON.stringify", () => {
    expect(canonicalJson({ t: 'quote " and \u2028 and è' })).toBe(JSON.stringify({ t: 'quote " and \u2028 and è' }));
  });
});

describe("policy fingerprint", () => {
  const policy = ZConsentPolicy.parse(defaultConsentPolicy());

  it("is stable across key order", () => {
    expect(policyFingerprint(reversed(policy), 3)).toBe(policyFingerprint(policy, 3));
    expect(policyFingerprint(JSON.parse(JSON.stringify(policy)), 3)).toBe(policyFingerprint(policy, 3));
  });

  it("changes with the version and with any shown text", () => {
    const base = policyFingerprint(policy, 1);
    expect(policyFingerprint(policy, 2)).not.toBe(base);
    const edited = structuredClone(policy);
    edited.texts.it.title = `${edited.texts.it.title}!`;
    expect(policyFingerprint(edited, 1)).not.toBe(base);
  });

  it("is what consent.js computes with WebCrypto from the same source", async () => {
    const digest = await webcrypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprintSource(reversed(policy), 7)));
    const hex = Buffer.from(digest).toString("hex");
    expect(hex).toBe(policyFingerprint(policy, 7));
  });
});
