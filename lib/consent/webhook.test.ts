import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature, webhookUrlProblem } from "./webhook";

describe("withdrawal webhook signature", () => {
  const body = '{"type":"consent.withdrawn","id":"d1"}';
  it("is t=<ts>,v1=<hex HMAC-SHA256 of `${t}.${body}`>", () => {
    const expected = createHmac("sha256", "whsec_test").update(`1700000000.${body}`).digest("hex");
    expect(signWebhook("whsec_test", body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });
  it("verifies the exact bytes within the tolerance only", () => {
    const header = signWebhook("whsec_test", body, 1700000000);
    expect(verifyWebhookSignature("whsec_test", header, body, 1700000100)).toBe(true);
    expect(verifyWebhookSignature("whsec_test", header, `${body} `, 1700000100)).toBe(false);
    expect(verifyWebhookSignature("whsec_other", header, body, 1700000100)).toBe(false);
    expect(verifyWebhookSignature("whsec_test", header, body, 1700000400)).toBe(false);
    expect(verifyWebhookSignature("whsec_test", null, body, 1700000000)).toBe(false);
  });
});

describe("webhookUrlProblem", () => {
  it("wants public https endpoints in production", () => {
    expect(webhookUrlProblem("https://vendor.example/hook", false)).toBeNull();
    expect(webhookUrlProblem("http://vendor.example/hook", false)).toMatch(/https/);
    expect(webhookUrlProblem("https://127.0.0.1/hook", false)).toMatch(/public/);
    expect(webhookUrlProblem("https://[::1]/hook", false)).toMatch(/public/);
    expect(webhookUrlProblem("https://169.254.169.254/latest", false)).toMatch(/public/);
    expect(webhookUrlProblem("https://localhost/hook", false)).toMatch(/public/);
    expect(webhookUrlProblem("https://user:pw@vendor.example/", false)).toMatch(/credentials/);
    expect(webhookUrlProblem("not a url", false)).toMatch(/full URL/);
  });
  it("allows loopback receivers outside production", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8080/hook", true)).toBeNull();
  });
});
