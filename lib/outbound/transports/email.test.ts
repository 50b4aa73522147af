import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FAKE_SMTP_OAUTH_TOKEN, startFakeSmtp, type TFakeSmtp } from "../testing/fake-providers";
import { makeRequest } from "../testing/requests";
import type { TEmailCredentials } from "../credentials";

let smtp: TFakeSmtp;
let t: typeof import("./email") & typeof import("./errors") & typeof import("../email-threading");

beforeAll(async () => {
  smtp = await startFakeSmtp();
  vi.stubEnv("APP_URL", "https://app.sotto.test");
  vi.resetModules();
  t = { ...(await import("./email")), ...(await import("./errors")), ...(await import("../email-threading")) };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await smtp.close();
});
beforeEach(() => {
  smtp.mails.length = 0;
});

const credentials = (): TEmailCredentials => ({
  address: "support@shop.test",
  fromName: "Shop Support",
  smtp: { host: smtp.host, port: smtp.port, secure: false, user: smtp.user, pass: smtp.pass },
  imap: { host: smtp.host, port: 993, secure: true, user: smtp.user, pass: smtp.pass },
});

const inbound = {
  providerMessageId: "<CAF=abc123@mail.example.com>",
  payload: { references: "<root-1@mail.example.com> <CAF=prev@shop.test>", subject: "Ordine A-1042" },
};

const rejection = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(t.TransportError);
  return e as InstanceType<typeof t.TransportError>;
};

describe("email (SMTP) transport", () => {
  it("replies in the customer's thread: In-Reply-To, References, Re: subject and our own Message-ID", async () => {
    const email = t.emailThreading({ subject: "Ordine A-1042" }, "Shop", inbound);
    const r = await t.emailTransport.send(makeRequest("email", { credentials: credentials(), email, text: "Ciao Giulia,\nè partito oggi." }));

    expect(r.providerMessageId).toBe("<sotto.cmsg0000000000000001@app.sotto.test>");
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.user).toBe("support@shop.test");
    expect(mail.from).toBe("support@shop.test");
    expect(mail.to).toEqual(["giulia@example.com"]);
    expect(mail.headers["message-id"]).toBe("<sotto.cmsg0000000000000001@app.sotto.test>");
    expect(mail.headers["in-reply-to"]).toBe("<CAF=abc123@mail.example.com>");
    expect(mail.headers.references).toBe("<root-1@mail.example.com> <CAF=prev@shop.test> <CAF=abc123@mail.example.com>");
    expect(mail.headers.subject).toBe("Re: Ordine A-1042");
    expect(mail.headers.from).toBe("Shop Support <support@shop.test>");
    expect(mail.headers["auto-submitted"]).toBeUndefined();
    expect(mail.raw).toContain("Ciao Giulia,");
  });

  it("marks automatic messages Auto-Submitted, and a retry carries the same Message-ID", async () => {
    const email = t.emailThreading({ subject: "Re: RE: Ordine" }, "Shop", inbound);
    expect(email.subject).toBe("Re: Ordine");
    const req = makeRequest("email", { credentials: credentials(), email, authorType: "system" });
    await t.emailTransport.send(req);
    await t.emailTransport.send(req);
    expect(smtp.mails.map((m) => m.headers["message-id"])).toEqual(["<sotto.cmsg0000000000000001@app.sotto.test>", "<sotto.cmsg0000000000000001@app.sotto.test>"]);
    expect(smtp.mails[0]!.headers["auto-submitted"]).toBe("auto-replied");
  });

  it("starts a new thread without In-Reply-To when the contact never wrote by email", async () => {
    const email = t.emailThreading({ subject: null }, "Shop", null);
    await t.emailTransport.send(makeRequest("email", { credentials: credentials(), email }));
    expect(smtp.mails[0]!.headers.subject).toBe("Message from Shop");
    expect(smtp.mails[0]!.headers["in-reply-to"]).toBeUndefined();
  });

  it("maps SMTP replies: 5xx permanent, 4xx transient, bad password permanent, unreachable server transient", async () => {
    const email = t.emailThreading({ subject: "x" }, "Shop", inbound);
    smtp.rejectNext(550, "5.1.1 Mailbox does not exist");
    const hard = await rejection(t.emailTransport.send(makeRequest("email", { credentials: credentials(), email })));
    expect([hard.kind, hard.code]).toEqual(["permanent", "smtp_550"]);
    expect(hard.message).toContain("Mailbox does not exist");

    smtp.rejectNext(451, "4.3.0 Try again later");
    expect(await rejection(t.emailTransport.send(makeRequest("email", { credentials: credentials(), email })))).toMatchObject({ kind: "transient", code: "smtp_451" });

    const wrong = { ...credentials(), smtp: { ...credentials().smtp, pass: "nope" } };
    expect(await rejection(t.emailTransport.send(makeRequest("email", { credentials: wrong, email })))).toMatchObject({ kind: "permanent", code: "smtp_auth" });

    const closed = { ...credentials(), smtp: { ...credentials().smtp, port: 1 } };
    expect((await rejection(t.emailTransport.send(makeRequest("email", { credentials: closed, email })))).kind).toBe("transient");
  });

  it("signs in with XOAUTH2 for mailboxes connected by OAuth; a stale token is retried, not failed", async () => {
    const email = t.emailThreading({ subject: "Ordine" }, "Shop", inbound);
    const oauth = { provider: "google", refreshToken: "1//refresh", accessToken: FAKE_SMTP_OAUTH_TOKEN, expiresAt: Date.now() + 3_600_000 };
    const withToken = (token: string) => ({ ...credentials(), smtp: { ...credentials().smtp, pass: token }, oauth: { ...oauth, accessToken: token } });
    await t.emailTransport.send(makeRequest("email", { credentials: withToken(FAKE_SMTP_OAUTH_TOKEN), email }));
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.user).toBe("support@shop.test");
    expect(await rejection(t.emailTransport.send(makeRequest("email", { credentials: withToken("ya29.expired"), email })))).toMatchObject({ kind: "transient", code: "smtp_auth" });
  });

  it("fails for good, sending nothing, when an attachment's stored file belongs to another workspace", async () => {
    const { newStorageKey } = await import("@/lib/storage/keys");
    const email = t.emailThreading({ subject: "Ordine A-1042" }, "Shop", inbound);
    const attachment = { id: "att1", fileName: "invoice.pdf", contentType: "application/pdf", size: 10, url: null, storageKey: newStorageKey("t_other", new Date()) };
    const e = await rejection(t.emailTransport.send(makeRequest("email", { credentials: credentials(), email, text: "See attached", attachments: [attachment] })));
    expect(e.kind).toBe("permanent");
    expect(e.code).toBe("attachment_unavailable");
    expect(smtp.mails).toHaveLength(0);
  });

  it("describes the mail without the SMTP password (sandbox)", () => {
    const email = t.emailThreading({ subject: "Ordine" }, "Shop", inbound);
    const d = t.emailTransport.describe(makeRequest("email", { credentials: credentials(), email }));
    expect(JSON.stringify(d)).not.toContain(smtp.pass);
    expect(d).toMatchObject({ transport: "smtp", headers: { "In-Reply-To": "<CAF=abc123@mail.example.com>", Subject: "Re: Ordine" } });
  });
});

describe("emailThreading", () => {
  it("adds angle brackets to bare ids and trims long chains keeping the root", () => {
    const refs = Array.from({ length: 30 }, (_, i) => `<r${i}@x.test>`).join(" ");
    const th = t.emailThreading({ subject: "S" }, "Shop", { providerMessageId: "last@x.test", payload: { references: refs } });
    expect(th.inReplyTo).toBe("<last@x.test>");
    expect(th.references).toHaveLength(20);
    expect(th.references[0]).toBe("<r0@x.test>");
    expect(th.references.at(-1)).toBe("<last@x.test>");
  });
});
