import { ImapFlow } from "imapflow";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { SEED_EMAILS } from "../prisma/seed-data";
import { startTestImap, type TTestImap } from "../lib/email-channel/testing/imap-server";
import { inlineMail } from "../lib/email-channel/testing/inline-mail";
import { startFakeSmtp, type TFakeSmtp } from "../lib/outbound/testing/fake-providers";

/**
 * An inbound email with an inline (cid:) image, end to end: a mailbox on a real
 * IMAP server on loopback is connected in a fresh workspace, the server's own
 * email poll (the in-process cron) fetches a mail whose HTML shows a photo
 * through `cid:`, and the agent sees the photo drawn inside the email's
 * sandboxed frame (CSP img-src 'self', signed same-origin URL), a placeholder
 * with the alt text for a cid the mail does not contain, the tracking pixel
 * still blocked, and only the PDF listed as an attachment.
 *
 * Slow by nature: the poll runs once a minute (INNGEST_DEV_RUNNER_CRON_SECONDS)
 * and the first poll of a mailbox only records where it starts (no history
 * import), so the mail is sent after it and read by the next one.
 */
const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

let imap: TTestImap | undefined;
let smtp: TFakeSmtp | undefined;

test.afterAll(async () => {
  await imap?.close();
  await smtp?.close();
});

test("an inbound email's inline image shows in the conversation; a missing one shows its alt text; remote images stay blocked", async ({ page }) => {
  test.setTimeout(300_000);
  const stamp = suffix();
  const address = `inline-${stamp}@shop.test`;
  // The fake SMTP server accepts support@shop.test; the IMAP user is the mailbox.
  imap = await startTestImap({ user: address, pass: "imap-test-password" });
  smtp = await startFakeSmtp();

  await signIn(page, SEED_EMAILS.demo);
  await page.goto("/onboarding");
  await page.getByLabel("Workspace name").fill(`Inline Images ${stamp}`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/t\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.goto(`/t/${slug}/settings/channels/new/email`);
  await page.getByLabel("Mailbox address").fill(address);
  for (const [prefix, server] of [
    ["imap", { host: imap.host, port: imap.port, user: imap.user, pass: imap.pass }],
    ["smtp", { host: smtp.host, port: smtp.port, user: smtp.user, pass: smtp.pass }],
  ] as const) {
    await page.locator(`#${prefix}-host`).fill(server.host);
    await page.locator(`#${prefix}-port`).fill(String(server.port));
    await page.locator(`#${prefix}-secure`).uncheck();
    await page.locator(`#${prefix}-user`).fill(server.user);
    await page.locator(`#${prefix}-pass`).fill(server.pass);
  }
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/settings/channels/[a-z0-9]+\\?connected=1$`), { timeout: 60_000 });
  const channelUrl = page.url().split("?")[0]!;

  // The first poll records the mailbox's current end.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Last mail check")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [3_000] });

  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, doSTARTTLS: false, auth: { user: imap.user, pass: imap.pass }, logger: false });
  await client.connect();
  await client.append(
    "INBOX",
    inlineMail({
      id: `inline-${stamp}@example.com`,
      to: address,
      subject: `The handle broke ${stamp}`,
      html: '<p>The handle broke:</p><p><img src="cid:Photo.PNG@Maria" alt="Broken handle" width="120"></p><p><img src="cid:signature@maria" alt="Maria\'s signature"></p><img src="https://tracker.example/open.gif" width="1" height="1">',
    }),
  );
  await client.logout();

  await page.goto(`/t/${slug}/inbox?status=all`);
  const item = page.getByRole("list", { name: "Conversations" }).getByRole("button", { name: /Maria Rossi/ });
  await expect(async () => {
    await page.reload();
    await expect(item).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [3_000] });
  await item.click();

  const conversation = page.getByRole("region", { name: "Conversation" });
  const frameEl = conversation.locator(`iframe[title="Email: The handle broke ${stamp}"]`);
  await expect(frameEl).toBeVisible({ timeout: 30_000 });
  const frame = frameEl.contentFrame();
  const photo = frame.getByRole("img", { name: "Broken handle" });
  await expect(photo).toBeVisible();
  // Loaded, not a broken image: the browser decoded the 2×2 PNG from the same-origin signed URL.
  await expect.poll(() => photo.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 15_000 }).toBe(2);
  expect(await photo.getAttribute("src")).toMatch(/^\/api\/attachments\/[A-Za-z0-9_-]+\?tenant=[^&]+&exp=\d+&kid=[^&]+&sig=[A-Za-z0-9_-]{43}$/);
  // A cid the mail does not contain: the alt text in a placeholder, no image element at all.
  await expect(frame.getByText("Maria's signature (image not included in this email)")).toBeVisible();
  await expect(frame.locator("img")).toHaveCount(2);
  // The tracking pixel has no address to load.
  expect(await frame.locator('img[data-remote-src="https://tracker.example/open.gif"]').evaluate((el) => el.hasAttribute("src"))).toBe(false);

  // The photo is shown in the body, so only the PDF is listed below it; plain text lists both.
  const files = conversation.getByRole("list", { name: "Attachments" });
  await expect(files.getByRole("link", { name: "receipt.pdf" })).toBeVisible();
  await expect(files.getByText("image001.png")).toHaveCount(0);
  await conversation.getByRole("button", { name: "Show plain text" }).click();
  await expect(files.getByText("image001.png", { exact: true })).toBeVisible();

  // Stop polling the test mailbox.
  await page.goto(channelUrl);
  await page.getByRole("button", { name: "Disconnect…" }).click();
  await page.getByRole("button", { name: "Disconnect now" }).click();
  await expect(page.getByText("Disconnected: incoming messages are refused and the credentials were deleted.")).toBeVisible({ timeout: 30_000 });
});
