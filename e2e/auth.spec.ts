import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { signIn } from "./helpers/auth";

/**
 * Magic-link sign-in through the development mailbox, as a person would do it:
 * ask for a link, open /dev/mailbox, click the link in the message.
 */
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
test.afterAll(() => db.end());

const unique = (label: string) => `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;

async function requestLink(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
}

async function linkFromMailbox(page: Page, email: string): Promise<string> {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const link = page.getByTestId("mail-text").getByRole("link");
  await expect(link).toHaveAttribute("href", /\/api\/auth\/callback\/resend\?/);
  return (await link.getAttribute("href"))!;
}

test("a new user signs in with a magic link from the dev mailbox and creates a workspace", async ({ page }) => {
  const email = unique("newcomer");
  await requestLink(page, email);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await expect(page.getByRole("article", { name: "Selected message" })).toContainText("Your Sotto sign-in link");
  await page.getByTestId("mail-text").getByRole("link").click();
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Workspace name").fill("Harbour Dental");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/t\/harbour-dental/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Harbour Dental");
  await expect(page.getByText(`${email} · Owner`)).toBeVisible();
});

test("the seeded demo owner lands in their workspace and can switch tenants", async ({ page }) => {
  // The shared helper serialises sign-ins of one address across parallel workers.
  await signIn(page, "demo@sotto.test");
  await expect(page).toHaveURL(/\/t\/acme-shop$/);
  await page.locator("details > summary").filter({ hasText: "Current workspace:" }).click();
  await page.getByRole("link", { name: /Northside School/ }).click();
  await expect(page).toHaveURL(/\/t\/northside-school$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Northside School");
});

test("a used link is refused the second time", async ({ page, browser }) => {
  const email = unique("reuse");
  await requestLink(page, email);
  const link = await linkFromMailbox(page, email);
  await page.goto(link);
  await expect(page).toHaveURL(/\/onboarding$/);

  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(link);
  await expect(p2).toHaveURL(/\/sign-in\/error\?error=Verification/);
  await expect(p2.getByRole("main").getByRole("alert")).toContainText("expired or was already used");
  await expect(p2.getByRole("link", { name: "Get a new sign-in link" })).toBeVisible();
  await other.close();
});

test("an expired link is refused", async ({ browser }) => {
  const email = unique("late");
  const requester = await browser.newPage();
  await requestLink(requester, email);
  const link = await linkFromMailbox(requester, email);
  // Eleven minutes later, on Sotto's clock: links live for ten.
  const late = await browser.newContext({ extraHTTPHeaders: { "x-sotto-clock-offset-ms": String(11 * 60_000) } });
  const page = await late.newPage();
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\/error\?error=Verification/);
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1`, [email]);
  expect(rows[0].n).toBe(0);
  await late.close();
});

test("a session idle for longer than 30 minutes is signed out", async ({ browser }) => {
  const email = unique("idle");
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await requestLink(page, email);
  await page.goto(await linkFromMailbox(page, email));
  await expect(page).toHaveURL(/\/onboarding$/);

  await page.setExtraHTTPHeaders({ "x-sotto-clock-offset-ms": String(29 * 60_000) });
  await page.goto("/onboarding");
  await expect(page).toHaveURL(/\/onboarding$/);

  await page.setExtraHTTPHeaders({ "x-sotto-clock-offset-ms": String(31 * 60_000) });
  await page.goto("/onboarding");
  await expect(page).toHaveURL(/\/sign-in\?.*expired=1/);
  await expect(page.getByRole("status")).toContainText("period of inactivity");
  await ctx.close();
});

test("malformed email addresses get a clear error and no mail is sent", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("not-an-address");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM "DevEmail" WHERE "to" = 'not-an-address'`);
  expect(rows[0].n).toBe(0);
});

test("an unknown callback link is refused and an open redirect is not followed", async ({ page }) => {
  await page.goto("/api/auth/callback/resend?token=deadbeef&email=nobody%40example.test");
  await expect(page).toHaveURL(/\/sign-in\/error\?error=Verification/);
  await page.goto("/sign-in?callbackUrl=https%3A%2F%2Fevil.example%2F");
  const email = unique("redirect");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your inbox");
  await page.goto(await linkFromMailbox(page, email));
  await expect(page).toHaveURL(/\/onboarding$/);
});
