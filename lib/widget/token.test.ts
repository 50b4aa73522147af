import { describe, expect, it } from "vitest";
import { newVisitorId, signVisitorToken, verifyVisitorToken } from "./token";

const now = new Date("2026-11-24T10:00:00Z");
const claims = { vid: "v_ABCDEFGHIJKLMNOPQRSTUv", cid: "chan_1", tid: "tenant_1", org: "https://shop.example.com" };

describe("visitor tokens", () => {
  it("round-trips the claims and expiry", () => {
    const { token, expiresAt } = signVisitorToken(claims, now, 3600);
    expect(token.split(".")).toHaveLength(3);
    expect(expiresAt.toISOString()).toBe("2026-11-24T11:00:00.000Z");
    const r = verifyVisitorToken(token, { now, channelId: "chan_1" });
    expect(r).toEqual({ ok: true, claims: { ...claims, exp: expiresAt.getTime() / 1000 } });
  });

  it("refuses a tampered payload even with a well-formed body", () => {
    const { token } = signVisitorToken(claims, now);
    const [p, , m] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, vid: "v_ZZZZZZZZZZZZZZZZZZZZZZ", exp: 9_999_999_999 })).toString("base64url");
    expect(verifyVisitorToken(`${p}.${forged}.${m}`, { now })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a tampered or truncated signature", () => {
    const { token } = signVisitorToken(claims, now);
    const last = token.at(-1) === "A" ? "B" : "A";
    expect(verifyVisitorToken(token.slice(0, -1) + last, { now })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyVisitorToken(token.slice(0, -5), { now })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses an expired token, from the second it expires", () => {
    const { token, expiresAt } = signVisitorToken(claims, now, 60);
    expect(verifyVisitorToken(token, { now: new Date(expiresAt.getTime() - 1000) }).ok).toBe(true);
    expect(verifyVisitorToken(token, { now: expiresAt })).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a token of another channel", () => {
    const { token } = signVisitorToken(claims, now);
    expect(verifyVisitorToken(token, { now, channelId: "chan_2" })).toEqual({ ok: false, reason: "wrong_channel" });
  });

  it("refuses garbage without throwing", () => {
    for (const bad of ["", "x", "wv1.", "wv1..", "wv2.a.b", "wv1.a.b.c", "a".repeat(2000)]) {
      expect(verifyVisitorToken(bad, { now }).ok, bad).toBe(false);
    }
  });

  it("makes unguessable visitor ids", () => {
    const ids = new Set(Array.from({ length: 200 }, newVisitorId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^v_[0-9A-Za-z]{22}$/);
  });
});
