import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { waText } from "../fixtures/meta";
import { verifyMetaSignature } from "./webhook";

/** Meta's documented algorithm: HMAC-SHA256 of the raw request body with the app secret, hex, prefixed "sha256=". */
const sign = (secret: string, raw: Buffer) => `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
const SECRET = "6f1c0e5b3c2d4a8b9e7f6a5b4c3d2e1f";

describe("verifyMetaSignature", () => {
  it("accepts the signature Meta computes over the raw bytes", () => {
    const raw = Buffer.from(JSON.stringify(waText({ phoneNumberId: "1234" })));
    expect(verifyMetaSignature(raw, sign(SECRET, raw), SECRET)).toBe(true);
    expect(verifyMetaSignature(raw, sign(SECRET, raw).toUpperCase().replace("SHA256=", "sha256="), SECRET)).toBe(true);
  });

  it("verifies the exact bytes, not a re-serialisation (emoji, right-to-left text, Meta's escaping)", () => {
    // Meta escapes non-ASCII as \uXXXX and "/" as "\/"; JSON.stringify of the parsed body would not.
    const raw = Buffer.from(
      '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"1234"},' +
        '"messages":[{"from":"16505551234","id":"wamid.X","timestamp":"1700000000","type":"text","text":{"body":"\\u0645\\u0631\\u062d\\u0628\\u0627 \\ud83d\\udc4b \\u05e9\\u05dc\\u05d5\\u05dd http:\\/\\/x.test"}}]},"field":"messages"}]}]}',
    );
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))));
    expect(reserialised.equals(raw)).toBe(false);
    expect(JSON.parse(raw.toString()).entry[0].changes[0].value.messages[0].text.body).toBe("مرحبا 👋 שלום http://x.test");

    const header = sign(SECRET, raw);
    expect(verifyMetaSignature(raw, header, SECRET)).toBe(true);
    expect(verifyMetaSignature(reserialised, header, SECRET)).toBe(false);
  });

  it("refuses a missing, malformed, wrong-secret or tampered signature", () => {
    const raw = Buffer.from(JSON.stringify(waText({ phoneNumberId: "1234" }, "مرحبا 👋")));
    const good = sign(SECRET, raw);
    expect(verifyMetaSignature(raw, null, SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, "", SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, good.slice("sha256=".length), SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, `sha1=${createHmac("sha1", SECRET).update(raw).digest("hex")}`, SECRET)).toBe(false);
    expect(verifyMetaSignature(raw, sign("another-secret", raw), SECRET)).toBe(false);
    const tampered = Buffer.from(raw.toString().replace("16505551234", "16505559999"));
    expect(verifyMetaSignature(tampered, good, SECRET)).toBe(false);
  });
});
