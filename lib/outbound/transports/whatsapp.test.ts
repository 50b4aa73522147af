import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { metaError, startFakeHttpProviders, type TFakeHttpProviders } from "../testing/fake-providers";
import { hoursAgo, makeRequest } from "../testing/requests";

let fake: TFakeHttpProviders;
let t: typeof import("./whatsapp") & typeof import("./errors");

beforeAll(async () => {
  fake = await startFakeHttpProviders();
  vi.stubEnv("META_GRAPH_BASE_URL", fake.metaBaseUrl);
  vi.resetModules();
  t = { ...(await import("./whatsapp")), ...(await import("./errors")) };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});
beforeEach(() => fake.reset());

const send = (over: Parameters<typeof makeRequest<"whatsapp">>[1] = {}) => t.whatsappTransport.send(makeRequest("whatsapp", over));
const rejection = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(t.TransportError);
  return e as InstanceType<typeof t.TransportError>;
};

describe("WhatsApp Cloud API transport", () => {
  it("posts a text message to /{phone-number-id}/messages with the bearer token and returns the wamid", async () => {
    const r = await send();
    expect(r.providerMessageId).toMatch(/^wamid\./);
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v21.0/106540352242922/messages");
    expect(req.headers.authorization).toBe("Bearer EAAG-test-access-token");
    expect(req.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "393471234567",
      biz_opaque_callback_data: "cmsg0000000000000001",
      type: "text",
      text: { preview_url: false, body: "Ciao! Il tuo ordine è partito 📦" },
    });
  });

  it("refuses free-form text after 24 hours, clearly, without calling Meta", async () => {
    const e = await rejection(send({ lastInboundAt: hoursAgo(24.01) }));
    expect(e.kind).toBe("permanent");
    expect(e.code).toBe("window_closed");
    expect(e.message).toMatch(/template/i);
    expect(fake.requests).toHaveLength(0);
    // Never having written counts as outside the window too.
    expect((await rejection(send({ lastInboundAt: null }))).code).toBe("window_closed");
  });

  it("sends an approved template after 24 hours, with body parameters", async () => {
    const r = await send({ lastInboundAt: hoursAgo(72), text: null, template: { name: "order_update", language: "it", variables: ["Giulia", "A-1042"] } });
    expect(r.providerMessageId).toMatch(/^wamid\./);
    expect(fake.requests[0]!.json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "393471234567",
      biz_opaque_callback_data: "cmsg0000000000000001",
      type: "template",
      template: {
        name: "order_update",
        language: { code: "it" },
        components: [{ type: "body", parameters: [{ type: "text", text: "Giulia" }, { type: "text", text: "A-1042" }] }],
      },
    });
  });

  it("sends media by link with the text as caption", async () => {
    await send({ attachments: [{ id: "a1", fileName: "invoice.pdf", contentType: "application/pdf", size: 1000, url: "https://files.test/a1" }] });
    expect(fake.requests[0]!.json).toMatchObject({ type: "document", document: { link: "https://files.test/a1", caption: "Ciao! Il tuo ordine è partito 📦", filename: "invoice.pdf" } });
  });

  it("maps 131047 (re-engagement) and 131026 (undeliverable) to permanent failures with Meta's details", async () => {
    fake.respond(/messages$/, {
      status: 400,
      body: metaError(131047, "(#131047) Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number.", { subcode: 2494010 }),
    });
    const e = await rejection(send());
    expect([e.kind, e.code, e.extra.httpStatus]).toEqual(["permanent", "131047", 400]);
    expect(e.message).toBe("Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

    fake.respond(/messages$/, { status: 400, body: metaError(131026, "(#131026) Message Undeliverable", "Message Undeliverable.") });
    const u = await rejection(send());
    expect([u.kind, u.code]).toEqual(["permanent", "131026"]);
  });

  it("treats Meta's rate limits and temporary errors as transient, honouring Retry-After", async () => {
    for (const code of [130429, 131056, 4, 80007, 131000, 1, 2]) {
      fake.respond(/messages$/, { status: 400, body: metaError(code, `(#${code}) temporary`, "Try again later"), headers: { "retry-after": "7" } });
      const e = await rejection(send());
      expect([code, e.kind, e.extra.retryAfterMs]).toEqual([code, "transient", 7000]);
    }
  });

  it("treats HTTP 5xx without an error object and network failures as transient, other 4xx as permanent", async () => {
    fake.respond(/messages$/, { status: 502, body: "<html>Bad gateway</html>" });
    expect((await rejection(send())).kind).toBe("transient");
    fake.respond(/messages$/, { destroy: true });
    expect((await rejection(send())).code).toBe("network");
    fake.respond(/messages$/, { status: 400, body: metaError(100, "(#100) Invalid parameter", "Parameter value is not valid") });
    expect((await rejection(send())).kind).toBe("permanent");
  });

  it("does not send with a wrong token: Meta's 190 is permanent", async () => {
    const e = await rejection(send({ credentials: { accessToken: "expired" } }));
    expect([e.kind, e.code]).toEqual(["permanent", "190"]);
  });

  it("describes the request with the token redacted (sandbox)", () => {
    const d = t.whatsappTransport.describe(makeRequest("whatsapp"));
    expect(JSON.stringify(d)).not.toContain("EAAG-test-access-token");
    expect(d).toMatchObject({ transport: "http", method: "POST", url: `${fake.metaBaseUrl}/106540352242922/messages`, headers: { authorization: "Bearer [redacted]" } });
  });
});
