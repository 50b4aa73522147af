import { createHmac, randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { closeE2eDb, e2eDb, signIn } from "./helpers";
import { SEED_EMAILS, SEED_TENANTS } from "../prisma/seed-data";

/**
 * Provider webhooks against the production server (server/web.mjs), which
 * dispatches them past Next's router (lib/http/direct-dispatch.ts): real HTTP,
 * real signatures, the seeded Acme Shop WhatsApp channel.
 */
const PHONE_NUMBER_ID = "seed-acme-whatsapp-sandbox";
// Set by npm test for the server and for these tests alike (scripts/lib/secrets.mjs TEST_SECRETS).
const APP_SECRET = process.env.META_APP_SECRET ?? "";
const VERIFY_TOKEN = process.env.META_VERIFY_TOKEN ?? "";
const INBOX = `/t/${SEED_TENANTS.acme.slug}/inbox`;

test.beforeAll(() => {
  if (!APP_SECRET || !VERIFY_TOKEN) throw new Error("META_APP_SECRET and META_VERIFY_TOKEN must be set for the server and the tests (npm test sets both)");
});
test.afterAll(() => closeE2eDb());

function delivery(waId: string, wamid: string, name: string, body: string): string {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550783881", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: [{ from: waId, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body } }],
            },
          },
        ],
      },
    ],
  });
}

const sign = (raw: string) => `sha256=${createHmac("sha256", APP_SECRET).update(raw).digest("hex")}`;

async function storedCount(wamid: string): Promise<number> {
  const { rows } = await e2eDb().query<{ n: string }>(`SELECT count(*) AS n FROM "Message" WHERE "providerMessageId" = $1`, [wamid]);
  return Number(rows[0]!.n);
}

test("a signed WhatsApp delivery is stored once, however often it is retried, and reaches the open inbox live", async ({ page, request }) => {
  test.slow();
  await signIn(page, SEED_EMAILS.acmeAgent);
  await page.goto(INBOX);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  const stamp = randomBytes(4).toString("hex");
  const waId = `39333${String(parseInt(stamp, 16) % 10_000_000).padStart(7, "0")}`;
  const wamid = `wamid.e2e.${stamp}`;
  const name = `Nadia ${stamp}`;
  const text = `مرحبا، أين طلبي؟ ${stamp} 📦`;
  const raw = delivery(waId, wamid, name, text);
  const headers = { "content-type": "application/json", "x-hub-signature-256": sign(raw) };

  const first = await request.post("/api/webhooks/meta", { headers, data: raw });
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ ok: true, accepted: 1, duplicates: 0 });
  expect(first.headers()["x-frame-options"]).toBe("DENY");

  // Meta retries: three more copies at once.
  const retries = await Promise.all([1, 2, 3].map(() => request.post("/api/webhooks/meta", { headers, data: raw })));
  for (const r of retries) {
    expect(r.status()).toBe(200);
    expect(await r.json()).toEqual({ ok: true, accepted: 0, duplicates: 1 });
  }
  expect(await storedCount(wamid)).toBe(1);

  // The agent's open inbox shows the new conversation without a reload, right-to-left text intact.
  const row = page.getByRole("list", { name: "Conversations" }).getByRole("button", { name: new RegExp(name) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await row.click();
  await expect(page.getByRole("region", { name: "Conversation" }).getByRole("log")).toContainText(text);
});

test("deliveries that cannot be authenticated or are too large are refused and store nothing", async ({ request }) => {
  const stamp = randomBytes(4).toString("hex");
  const wamid = `wamid.e2e.bad.${stamp}`;
  const raw = delivery("393330000001", wamid, "Mallory", "hello");

  const forged = await request.post("/api/webhooks/meta", { headers: { "content-type": "application/json", "x-hub-signature-256": sign(`${raw} `) }, data: raw });
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error).toBe("invalid_signature");
  const unsigned = await request.post("/api/webhooks/meta", { headers: { "content-type": "application/json" }, data: raw });
  expect(unsigned.status()).toBe(401);

  const huge = JSON.stringify({ object: "whatsapp_business_account", entry: [], padding: "x".repeat(1024 * 1024 + 10) });
  const tooLarge = await request.post("/api/webhooks/meta", { headers: { "content-type": "application/json", "x-hub-signature-256": sign(huge) }, data: huge });
  expect(tooLarge.status()).toBe(413);

  // As bytes: Playwright would send a string that is not JSON as a JSON string literal.
  const truncated = raw.slice(0, raw.length - 5);
  const malformed = await request.post("/api/webhooks/meta", { headers: { "content-type": "application/json", "x-hub-signature-256": sign(truncated) }, data: Buffer.from(truncated) });
  expect(malformed.status()).toBe(400);

  expect(await storedCount(wamid)).toBe(0);
  // The server still answers on the connections those refusals used.
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("Meta's verification handshake answers the challenge only for the configured token", async ({ request }) => {
  const ok = await request.get(`/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toBe("1158201444");
  const wrong = await request.get("/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
  expect(wrong.status()).toBe(403);
  // Methods the route does not define are Next's answer, as before direct dispatch.
  expect((await request.put("/api/webhooks/meta", { data: "{}" })).status()).toBe(405);
});
