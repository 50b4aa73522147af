import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * The public site promises (in its own cookie policy and footer) that it sets no
 * cookies and loads nothing from third parties. These tests hold it to that, and
 * to basic accessibility, on every marketing page.
 */
const PAGES: Array<{ path: string; h1: RegExp }> = [
  { path: "/", h1: /one private inbox/i },
  { path: "/features", h1: /everything a support team needs/i },
  { path: "/pricing", h1: /simple plans/i },
  { path: "/security", h1: /security you can check/i },
  { path: "/legal/privacy", h1: /^privacy policy$/i },
  { path: "/legal/cookies", h1: /^cookie policy$/i },
  { path: "/legal/subprocessors", h1: /^sub-processors$/i },
  { path: "/legal/dpa", h1: /^data processing agreement$/i },
];

const LEGAL_PATHS = ["/legal/privacy", "/legal/cookies", "/legal/subprocessors", "/legal/dpa"];

/** Network URLs requested by the page; data: and blob: never leave the browser. */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("data:") && !url.startsWith("blob:")) urls.push(url);
  });
  return urls;
}

for (const { path, h1 } of PAGES) {
  test.describe(`marketing page ${path}`, () => {
    test("renders one h1, sets no cookie and stays on our origin", async ({ page, context, baseURL }) => {
      const origin = new URL(baseURL ?? "http://127.0.0.1:3000").origin;
      const requests = recordRequests(page);

      const res = await page.goto(path, { waitUntil: "networkidle" });
      expect(res?.status()).toBe(200);
      expect(res?.headers()["set-cookie"]).toBeUndefined();

      await expect(page.locator("h1")).toHaveCount(1);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(h1);
      await expect(page).toHaveTitle(/Sotto/);

      expect(await page.evaluate(() => document.cookie)).toBe("");
      // document.cookie cannot see HttpOnly cookies; the context can.
      expect(await context.cookies()).toEqual([]);

      expect(requests.length).toBeGreaterThan(0);
      const foreign = requests.filter((u) => new URL(u).origin !== origin);
      expect(foreign, `third-party requests from ${path}`).toEqual([]);
    });

    test("has landmarks, a skip link and footer links to every legal page", async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("banner")).toHaveCount(1);
      await expect(page.getByRole("main")).toHaveCount(1);
      await expect(page.getByRole("contentinfo")).toHaveCount(1);

      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      await expect(skip).toBeFocused();
      await expect(skip).toHaveAttribute("href", "#main-content");

      const footer = page.getByRole("contentinfo");
      for (const legal of LEGAL_PATHS) await expect(footer.locator(`a[href="${legal}"]`)).toHaveCount(1);
      await expect(footer.locator('a[href="/privacy-center"]')).toHaveCount(1);
    });

    test("has no serious or critical axe violations", async ({ page }) => {
      await page.goto(path, { waitUntil: "networkidle" });
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
      const blocking = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
      expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    });
  });
}

test("header links Sign in and Start free to /sign-in", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Sign in" }).first()).toHaveAttribute("href", "/sign-in");
  await expect(page.getByRole("link", { name: /Start free/ }).first()).toHaveAttribute("href", "/sign-in");
});

test("mobile menu opens from the keyboard without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  const menu = page.locator("header summary");
  await expect(menu).toBeVisible();
  const features = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Features" });
  await expect(features).toBeHidden();

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(features).toBeVisible();
  await expect(page.locator("header details")).toHaveAttribute("open", "");
  await context.close();
});

test("pricing matrix uses header cells with scope", async ({ page }) => {
  await page.goto("/pricing");
  const table = page.getByRole("table", { name: /compare plans/i });
  await expect(table.locator('thead th[scope="col"]')).toHaveCount(4);
  expect(await table.locator('tbody th[scope="row"]').count()).toBeGreaterThan(5);
  await expect(page.getByText("€39", { exact: true })).toBeVisible();
});

test("privacy policy states the promised retention periods", async ({ page }) => {
  await page.goto("/legal/privacy");
  const table = page.getByRole("table", { name: /how long we keep/i });
  const periodOf = (category: RegExp) => table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: category }) }).getByRole("cell").first();
  await expect(periodOf(/^Conversation logs/)).toHaveText("24 months");
  await expect(periodOf(/^Call recordings/)).toHaveText("12 months");
  await expect(periodOf(/^Billing records/)).toHaveText("10 years");
  await expect(page.getByRole("main").locator('a[href="/privacy-center"]').first()).toBeVisible();
});
