import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a running server. `npm test` builds and starts one
 * (SOTTO_ENV=test) and sets BASE_URL and DATABASE_URL; to run them by hand against
 * `npm run demo`: `npx playwright test` (defaults below).
 *
 * The browser is Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH): Playwright's
 * own browser downloads are not reachable from every machine.
 */
const CI = !!process.env.CI;

export default defineConfig({
  testDir: "e2e",
  testIgnore: ["**/helpers/**"],
  outputDir: "test-results/playwright",
  fullyParallel: false,
  forbidOnly: CI,
  workers: 2,
  retries: CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: process.env.BASE_URL || "http://127.0.0.1:3000",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
          args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"],
        },
      },
    },
  ],
});
