import { describe, expect, it } from "vitest";
import { newPkce, signOAuthState, verifyOAuthState } from "./oauth-state";

const at = new Date("2026-11-24T10:00:00Z");
const pkce = newPkce();
const claims = { p: "google" as const, t: "tenant_1", u: "user_1", n: "Support", a: "support@acme.test", h: pkce.challenge };
const expectFor = (over: Partial<Parameters<typeof verifyOAuthState>[1]> = {}) => ({ provider: "google" as const, userId: "user_1", verifier: pkce.verifier, now: at, ...over });

describe("OAuth state", () => {
  it("verifies for the same provider, user and browser (verifier cookie) within ten minutes", () => {
    const state = signOAuthState(claims, at);
    expect(verifyOAuthState(state, expectFor())).toEqual({ ok: true, state: expect.objectContaining({ t: "tenant_1", a: "support@acme.test" }) });
    expect(verifyOAuthState(state, expectFor({ now: new Date(at.getTime() + 11 * 60_000) }))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a tampered payload or signature", () => {
    const state = signOAuthState(claims, at);
    const [prefix, payload, mac] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), t: "victim_tenant" })).toString("base64url");
    expect(verifyOAuthState(`${prefix}.${forged}.${mac}`, expectFor())).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyOAuthState(`${prefix}.${payload}.${mac!.slice(0, -2)}AA`, expectFor())).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyOAuthState("garbage", expectFor())).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses another user, another provider, and a browser without the verifier cookie", () => {
    const state = signOAuthState(claims, at);
    expect(verifyOAuthState(state, expectFor({ userId: "user_2" }))).toEqual({ ok: false, reason: "wrong_user" });
    expect(verifyOAuthState(state, expectFor({ userId: null }))).toEqual({ ok: false, reason: "wrong_user" });
    expect(verifyOAuthState(state, expectFor({ provider: "microsoft" }))).toEqual({ ok: false, reason: "wrong_provider" });
    expect(verifyOAuthState(state, expectFor({ verifier: null }))).toEqual({ ok: false, reason: "wrong_browser" });
    expect(verifyOAuthState(state, expectFor({ verifier: newPkce().verifier }))).toEqual({ ok: false, reason: "wrong_browser" });
  });
});
