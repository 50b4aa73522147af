import { expect, test } from "@playwright/test";
import { closeE2eDb, signIn, SEED_EMAILS } from "./helpers";

/** The test harness itself: the server answers and the signIn() helper works. */
test.afterAll(() => closeE2eDb());

test("the landing page answers", async ({ page }) => {
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
});

test("signIn() signs a seeded account in through the dev outbox", async ({ page }) => {
  await signIn(page, SEED_EMAILS.acmeAgent);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("authjs.session-token"))).toBe(true);
  await expect(page).not.toHaveURL(/\/sign-in/);
});
