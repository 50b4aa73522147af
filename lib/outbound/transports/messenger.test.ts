import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { metaError, startFakeHttpProviders, type TFakeHttpProviders } from "../testing/fake-providers";
import { hoursAgo, makeRequest } from "../testing/requests";

let fake: TFakeHttpProviders;
let t: typeof import("./messenger") & typeof import("./errors");

beforeAll(async () => {
  fake = await startFakeHttpProviders();
  vi.stubEnv("META_GRAPH_BASE_URL", fake.metaBaseUrl);
  vi.resetModules();
  t = { ...(await import("./messenger")), ...(await import("./errors")) };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});
beforeEach(() => fake.reset());

type TReq = Parameters<typeof makeRequest<"messenger">>[1];
const send = (over: TReq = {}) => t.messengerTransport.send(makeRequest("messenger", over));
const rejection = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(t.TransportError);
  return e as InstanceType<typeof t.TransportError>;
};

describe("Messenger / Instagram Send API transport", () => {
  it("answers within 24 hours as RESPONSE to /me/messages with the Page token", async () => {
    const r = await send();
    expect(r.providerMessageId).toMatch(/^m_/);
    const req = fake.requests[0]!;
    expect(req.path).toBe("/v21.0/me/messages");
    expect(req.headers.authorization).toBe("Bearer EAAG-test-access-token");
    expect(req.json).toEqual({ recipient: { id: "6543210987654321" }, messaging_type: "RESPONSE", message: { text: "Ciao! Il tuo ordine è partito 📦" } });
  });

  it("lets a human agent answer for 7 days with the HUMAN_AGENT tag", async () => {
    const r = await send({ lastInboundAt: hoursAgo(30) });
    expect(r.details).toEqual({ tag: "HUMAN_AGENT" });
    expect(fake.requests[0]!.json).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
  });

  it("refuses clearly outside the windows: bots after 24 hours, agents after 7 days, or when the tag is turned off", async () => {
    const bot = await rejection(send({ lastInboundAt: hoursAgo(30), authorType: "bot" }));
    expect([bot.kind, bot.code]).toEqual(["permanent", "window_closed"]);
    expect(bot.message).toMatch(/24 hours/);
    const late = await rejection(send({ lastInboundAt: hoursAgo(24 * 7 + 1) }));
    expect(late.message).toMatch(/7 days/);
    const off = await rejection(
      t.messengerTransport.send(makeRequest("messenger", { lastInboundAt: hoursAgo(30), channel: { ...makeRequest("messenger").channel, settings: { humanAgentTag: false } } })),
    );
    expect(off.code).toBe("window_closed");
    expect(fake.requests).toHaveLength(0);
  });

  it("works the same for Instagram (IGSID)", async () => {
    const r = await t.messengerTransport.send(makeRequest("instagram"));
    expect(r.providerMessageId).toMatch(/^m_/);
    expect(fake.requests[0]!.json).toMatchObject({ recipient: { id: "7654321098765432" }, messaging_type: "RESPONSE" });
  });

  it("maps Meta's errors: 551 (person unavailable) and 10/2018278 (outside window) permanent; 613 and 1200 transient", async () => {
    fake.respond(/me\/messages$/, { status: 400, body: metaError(551, "This person isn't available right now.", undefined, { subcode: 1545041 }) });
    expect(await rejection(send())).toMatchObject({ kind: "permanent", code: "551", message: "This person isn't available right now." });
    fake.respond(/me\/messages$/, { status: 400, body: metaError(10, "(#10) This message is sent outside of allowed window.", undefined, { subcode: 2018278 }) });
    expect(await rejection(send())).toMatchObject({ kind: "permanent", code: "10" });
    fake.respond(/me\/messages$/, { status: 400, body: metaError(613, "Calls to this api have exceeded the rate limit.") });
    expect((await rejection(send())).kind).toBe("transient");
    fake.respond(/me\/messages$/, { status: 500, body: metaError(1200, "Temporary send message failure. Please try again later.") });
    expect((await rejection(send())).kind).toBe("transient");
  });
});
