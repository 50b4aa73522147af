import { expect, test } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { e2eDb } from "./helpers/db";
import { SEED_EMAILS, SEED_TENANTS } from "../prisma/seed-data";

/**
 * Channel settings in the browser: the demo owner creates a fresh workspace
 * (seeded workspaces stay as they are), connects a sandbox Twilio SMS channel
 * and a website widget, reads the webhook URL and the embed snippet, and
 * disconnects the SMS channel.
 */
test.use({ permissions: ["clipboard-read", "clipboard-write"] });

const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("an owner connects a sandbox Twilio SMS channel and a widget, sees how to set them up, and disconnects", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, SEED_EMAILS.demo);
  const workspace = `Channels Test ${suffix()}`;
  await page.goto("/onboarding");
  await page.getByLabel("Workspace name").fill(workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/t\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Channels" }).click();
  await expect(page.getByRole("heading", { name: "Channels", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No channels yet" })).toBeVisible();

  // Twilio SMS, sandbox: no Twilio account needed.
  await page.getByRole("link", { name: /^Twilio SMS/ }).click();
  await expect(page.getByRole("heading", { name: "Connect Twilio SMS" })).toBeVisible();
  await page.getByLabel("Channel name").fill("Support SMS");
  await page.getByLabel(/Twilio phone number/).fill("12345");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByText("Enter the number in international format, e.g. +14155550123.")).toBeVisible();
  await expect(page.getByLabel(/Twilio phone number/)).toHaveAttribute("aria-invalid", "true");

  const number = `+1415555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  await page.getByLabel(/Twilio phone number/).fill(number);
  await page.getByLabel("Sandbox (no live credentials)").check();
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/settings/channels/[a-z0-9]+\\?connected=1$`), { timeout: 60_000 });
  await expect(page.getByRole("status").filter({ hasText: "Twilio SMS connected in sandbox mode" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Support SMS" })).toBeVisible();
  await expect(page.getByLabel("Webhook URL")).toHaveValue(/\/api\/webhooks\/twilio$/);
  const smsUrl = page.url().split("?")[0]!;

  await page.getByRole("button", { name: "Disconnect…" }).click();
  await page.getByRole("button", { name: "Disconnect now" }).click();
  await expect(page.getByText("Disconnected: incoming messages are refused and the credentials were deleted.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Reconnect" })).toBeVisible();

  // Website widget with an allowed origin; the embed snippet carries its public key.
  await page.getByRole("link", { name: "Channels" }).first().click();
  await page.getByRole("link", { name: /^Website chat/ }).click();
  await page.getByLabel("Websites allowed to show the widget").fill("https://www.example.com/");
  await page.getByRole("button", { name: "Create widget" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Website chat connected" })).toBeVisible({ timeout: 60_000 });
  const snippet = page.getByLabel("Embed snippet");
  await expect(snippet).toHaveValue(/^<script src="http[^"]+\/widget\.js" data-sotto-key="pk_[0-9A-Za-z]{24}" async><\/script>$/);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await snippet.inputValue());

  // The list shows both, the SMS channel disconnected.
  await page.goto(`/t/${slug}/settings/channels`);
  const smsRow = page.getByRole("row").filter({ hasText: "Support SMS" });
  await expect(smsRow.getByText("Disconnected")).toBeVisible();
  await expect(smsRow.getByText("Sandbox")).toBeVisible();
  await expect(smsRow.getByText(number)).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Website chat" }).getByText("Active")).toBeVisible();

  const { rows } = await e2eDb().query(
    `SELECT c.type, c.status, c.credentials, c."webhookSecret" FROM "Channel" c JOIN "Tenant" t ON t.id = c."tenantId" WHERE t.slug = $1 ORDER BY c."createdAt"`,
    [slug],
  );
  expect(rows).toEqual([
    { type: "twilio_sms", status: "disconnected", credentials: null, webhookSecret: null },
    { type: "widget", status: "active", credentials: null, webhookSecret: null },
  ]);
  const audit = await e2eDb().query(`SELECT e.action FROM "AuditEvent" e JOIN "Tenant" t ON t.id = e."tenantId" WHERE t.slug = $1 ORDER BY seq`, [slug]);
  expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["channel.connected", "channel.disconnected"]));
  expect(smsUrl).toContain(`/t/${slug}/settings/channels/`);
});

test("agents see no Channels section and are refused its pages", async ({ page }) => {
  await signIn(page, SEED_EMAILS.northsideAgent);
  await page.goto(`/t/${SEED_TENANTS.northside.slug}`);
  await expect(page.getByRole("navigation", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Channels" })).toHaveCount(0);
  const response = await page.goto(`/t/${SEED_TENANTS.northside.slug}/settings/channels`);
  expect(response?.status()).toBe(403);
});
