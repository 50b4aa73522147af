import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { policyFingerprint } from "../lib/consent/fingerprint";
import { signIn } from "./helpers/auth";
import { e2eDb } from "./helpers/db";
import { SEED_EMAILS } from "../prisma/seed-data";
import { hostPage, PIXEL_URL, startHostServer, TRACKER_URL, type THostServer } from "./helpers/consent-host";

/**
 * consent.js on a customer's website (a separate loopback origin) and on Sotto's
 * own marketing site: the choices, what they let run, what reaches third
 * parties, the proof recorded for each, and the banner's fairness (equal
 * prominence, no layout shift, accessible).
 */
const ACME_SLUG = "acme-shop";
let host: THostServer;
let tenantId: string;
let key: string;
let appUrl: string;

async function acmeConfig() {
  const { rows } = await e2eDb().query<{ id: string }>("SELECT id FROM sotto_tenant_by_slug($1)", [ACME_SLUG]);
  const id = rows[0]!.id;
  const c = await e2eDb().connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
    const cfg = await c.query<{ publicKey: string; policyVersion: number; policy: Record<string, unknown> }>(
      `SELECT "publicKey", "policyVersion", policy FROM "ConsentConfig" WHERE "tenantId" = $1`,
      [id],
    );
    await c.query("COMMIT");
    return { tenantId: id, ...cfg.rows[0]! };
  } finally {
    c.release();
  }
}

/** Arranges the config as an admin would in the dashboard (allowed origins; a new published version). */
async function asTenant<T>(work: (c: import("pg").PoolClient) => Promise<T>): Promise<T> {
  const c = await e2eDb().connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    const out = await work(c);
    await c.query("COMMIT");
    return out;
  } finally {
    c.release();
  }
}

async function records(consentId: string) {
  return asTenant(async (c) =>
    (
      await c.query<{ method: string; selections: Record<string, boolean>; withdrawn: string[]; gpc: boolean; country: string; uaFamily: string; origin: string }>(
        `SELECT method::text, selections, withdrawn, gpc, country, "uaFamily", origin FROM "ConsentRecord" WHERE "tenantId" = $1 AND "consentId" = $2 ORDER BY seq`,
        [tenantId, consentId],
      )
    ).rows,
  );
}

type TWatch = { thirdParty: string[] };

/** Routes the fake third parties (nothing leaves the machine) and keeps the log of what was asked. */
async function watch(page: Page): Promise<TWatch> {
  const w: TWatch = { thirdParty: [] };
  await page.route("https://**.third-party.test/**", (route) => {
    w.thirdParty.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/gif", body: "" });
  });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (![new URL(host.origin).origin, new URL(appUrl).origin].includes(u.origin) && !u.hostname.endsWith("third-party.test") && u.protocol.startsWith("http")) {
      w.thirdParty.push(r.url());
    }
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  return w;
}

const banner = (page: Page) => page.getByRole("region", { name: "Your privacy choices" });
const dialog = (page: Page) => page.getByRole("dialog", { name: "Privacy settings" });
const consentId = (page: Page) => page.evaluate(() => (window as unknown as { SottoConsent: { getConsentId(): string | null } }).SottoConsent.getConsentId());
const analyticsRuns = (page: Page) => page.evaluate(() => (window as unknown as { __analyticsRan?: number }).__analyticsRan ?? 0);

test.beforeAll(async ({ baseURL }) => {
  appUrl = new URL(baseURL ?? "http://127.0.0.1:3000").origin;
  host = await startHostServer();
  const cfg = await acmeConfig();
  tenantId = cfg.tenantId;
  key = cfg.publicKey;
  await asTenant((c) => c.query(`UPDATE "ConsentConfig" SET "allowedOrigins" = $2 WHERE "tenantId" = $1`, [tenantId, [host.origin]]));
  host.setPage(hostPage(appUrl, key));
});

test.afterAll(async () => {
  await host?.close();
});

test.describe.configure({ mode: "serial" });

test("first layer: Accept and Reject equally prominent, accessible, no layout shift, nothing third-party before consent", async ({ page }) => {
  const w = await watch(page);
  await page.goto(host.origin, { waitUntil: "networkidle" });
  await expect(banner(page)).toBeVisible();
  const accept = banner(page).getByRole("button", { name: "Accept all" });
  const reject = banner(page).getByRole("button", { name: "Reject all" });
  await expect(accept).toBeVisible();
  await expect(reject).toBeVisible();
  await expect(banner(page).getByRole("button", { name: "Customize" })).toBeVisible();

  const styleOf = (l: typeof accept) =>
    l.evaluate((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { w: Math.round(r.width), h: Math.round(r.height), font: s.font, weight: s.fontWeight, size: s.fontSize, bg: s.backgroundColor, color: s.color, border: s.border, padding: s.padding, radius: s.borderRadius };
    });
  expect(await styleOf(accept)).toEqual(await styleOf(reject));

  const axe = await new AxeBuilder({ page }).include("#sotto-consent").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  expect(blocking).toEqual([]);

  await banner(page).getByRole("button", { name: "Customize" }).click();
  await expect(dialog(page)).toBeVisible();
  const axe2 = await new AxeBuilder({ page }).include("#sotto-consent").withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe2.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  expect(await analyticsRuns(page)).toBe(0);
  expect(w.thirdParty).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);
  // Google Consent Mode v2: denied by default before any choice.
  const defaults = await page.evaluate(() => (window as unknown as { dataLayer: IArguments[] }).dataLayer.map((a) => [...a]));
  expect(defaults[0]).toEqual(["consent", "default", expect.objectContaining({ ad_storage: "denied", analytics_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", wait_for_update: 500 })]);
});

test("accept all runs tagged scripts and records proof; withdrawal deletes cookies and stops them on the next load", async ({ page, context }) => {
  const w = await watch(page);
  await page.goto(host.origin);
  await banner(page).getByRole("button", { name: "Accept all" }).click();
  await expect.poll(() => analyticsRuns(page)).toBe(1);
  await expect.poll(() => w.thirdParty.some((u) => u.startsWith(TRACKER_URL))).toBe(true);
  await expect.poll(() => w.thirdParty.some((u) => u.startsWith(PIXEL_URL))).toBe(true);
  await expect(banner(page)).toBeHidden();

  const id = (await consentId(page))!;
  expect(id).toMatch(/^[\w-]{22}$/);
  const [first] = await records(id);
  expect(first).toMatchObject({ method: "accept_all", selections: { necessary: true, functional: true, analytics: true, advertising: true }, gpc: false, origin: host.origin, uaFamily: "Chrome" });
  const update = await page.evaluate(() => (window as unknown as { dataLayer: IArguments[] }).dataLayer.map((a) => [...a]).filter((a) => a[1] === "update").pop());
  expect(update?.[2]).toMatchObject({ analytics_storage: "granted", ad_storage: "granted", ad_user_data: "granted", ad_personalization: "granted" });
  expect((await context.cookies(host.origin)).map((c) => c.name).sort()).toEqual(["_ea", "_ea_session", "sotto_consent"]);

  // The visitor downloads their own receipt.
  const receipt = await (await page.request.get(`${appUrl}/api/consent/receipt?key=${key}&consentId=${id}`)).json();
  expect(receipt.records).toHaveLength(1);
  expect(receipt.records[0]).toMatchObject({ method: "accept_all", intact: true });
  expect(receipt.records[0].hash).toMatch(/^[0-9a-f]{64}$/);

  // Withdraw from the persistent entry, as easily as consent was given.
  await page.getByRole("button", { name: "Cookie settings" }).click();
  await expect(dialog(page)).toBeVisible();
  await dialog(page).getByRole("switch", { name: "Analytics" }).uncheck();
  await dialog(page).getByRole("button", { name: "Save choices" }).click();
  await expect(dialog(page)).toBeHidden();
  await expect.poll(async () => (await records(id)).length).toBe(2);
  expect((await records(id))[1]).toMatchObject({ method: "withdraw", withdrawn: ["analytics"], selections: { analytics: false, advertising: true } });
  expect((await context.cookies(host.origin)).map((c) => c.name)).toEqual(["sotto_consent"]);

  const before = w.thirdParty.filter((u) => u.startsWith(TRACKER_URL)).length;
  await page.reload();
  await expect(page.getByRole("button", { name: "Cookie settings" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await analyticsRuns(page)).toBe(0);
  expect(w.thirdParty.filter((u) => u.startsWith(TRACKER_URL))).toHaveLength(before);
});

test("reject all: nothing optional runs and the refusal is recorded", async ({ page }) => {
  const w = await watch(page);
  await page.goto(host.origin);
  await banner(page).getByRole("button", { name: "Reject all" }).click();
  await expect(banner(page)).toBeHidden();
  const id = (await consentId(page))!;
  await expect.poll(async () => (await records(id))[0]?.method).toBe("reject_all");
  await page.reload({ waitUntil: "networkidle" });
  await expect(banner(page)).toBeHidden();
  expect(await analyticsRuns(page)).toBe(0);
  expect(w.thirdParty).toEqual([]);
});

test("customize: vendors with purposes, cookies and retention; only the chosen category runs", async ({ page }) => {
  const w = await watch(page);
  await page.goto(host.origin);
  await banner(page).getByRole("button", { name: "Customize" }).click();
  const d = dialog(page);
  await expect(d.getByRole("switch", { name: "Strictly necessary" })).toBeDisabled();
  // Sections in order: necessary (no vendors), functional, analytics, advertising.
  await d.getByText("Vendors (1)").nth(1).click();
  await expect(d.getByText("Example Analytics", { exact: true })).toBeVisible();
  await expect(d.getByText("Counts visits and page views")).toBeVisible();
  await expect(d.getByText("_ea_*")).toBeVisible();
  await expect(d.getByText("Keeps data for 14 months")).toBeVisible();
  await d.getByRole("switch", { name: "Analytics" }).check();
  await d.getByRole("button", { name: "Save choices" }).click();
  await expect.poll(() => analyticsRuns(page)).toBe(1);
  const id = (await consentId(page))!;
  await expect.poll(async () => (await records(id))[0]?.method).toBe("customize");
  expect((await records(id))[0]!.selections).toEqual({ necessary: true, functional: false, analytics: true, advertising: false });
  expect(w.thirdParty.some((u) => u.startsWith(PIXEL_URL))).toBe(false);
});

test("closing with × or Esc keeps everything optional off and is recorded as a dismissal", async ({ page, context }) => {
  const w = await watch(page);
  await page.goto(host.origin);
  await banner(page).getByRole("button", { name: "Close and keep only necessary cookies" }).click();
  await expect(banner(page)).toBeHidden();
  const id = (await consentId(page))!;
  await expect.poll(async () => (await records(id))[0]?.method).toBe("dismiss");
  expect(await analyticsRuns(page)).toBe(0);

  const other = await context.browser()!.newContext();
  const p2 = await other.newPage();
  await p2.goto(host.origin);
  await expect(banner(p2)).toBeVisible();
  await banner(p2).getByRole("button", { name: "Reject all" }).focus();
  await p2.keyboard.press("Escape");
  await expect(banner(p2)).toBeHidden();
  const id2 = (await consentId(p2))!;
  await expect.poll(async () => (await records(id2))[0]?.method).toBe("dismiss");
  await other.close();
  expect(w.thirdParty).toEqual([]);
});

test.describe("with Global Privacy Control", () => {
  test.use({ extraHTTPHeaders: { "Sec-GPC": "1" } });

  test("the signal refuses analytics and advertising, is shown and recorded as gpc", async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(navigator, "globalPrivacyControl", { get: () => true }));
    const w = await watch(page);
    await page.goto(host.origin);
    await expect(page.getByText("Your browser's Global Privacy Control signal was honoured")).toBeVisible();
    const id = (await consentId(page))!;
    await expect.poll(async () => (await records(id))[0]?.method).toBe("gpc");
    expect((await records(id))[0]).toMatchObject({ gpc: true, selections: { analytics: false, advertising: false } });
    await page.getByRole("button", { name: "Cookie settings" }).click();
    await expect(dialog(page).getByRole("switch", { name: "Analytics" })).toBeDisabled();
    await dialog(page).getByRole("button", { name: "Accept all" }).click();
    await expect.poll(async () => (await records(id)).length).toBe(2);
    expect((await records(id))[1]).toMatchObject({ method: "accept_all", selections: { functional: true, analytics: false, advertising: false } });
    expect(await analyticsRuns(page)).toBe(0);
    expect(w.thirdParty).toEqual([]);
  });
});

test("a material change of the policy asks again and stops what was allowed", async ({ page, context }) => {
  await watch(page);
  await page.goto(host.origin);
  await banner(page).getByRole("button", { name: "Accept all" }).click();
  await expect.poll(() => analyticsRuns(page)).toBe(1);

  // Publish version N+1 with a new vendor, as the dashboard's publish does.
  await asTenant(async (c) => {
    const { rows } = await c.query<{ policyVersion: number; policy: { categories: { analytics: { vendors: unknown[] } } } }>(`SELECT "policyVersion", policy FROM "ConsentConfig" WHERE "tenantId" = $1 FOR UPDATE`, [tenantId]);
    const policy = rows[0]!.policy;
    const version = rows[0]!.policyVersion + 1;
    policy.categories.analytics.vendors.push({ id: `heatmaps-${version}`, name: "Example Heatmaps", purposes: { en: "Records clicks.", it: "Registra i clic." }, cookies: [], retentionDays: 90, privacyUrl: null });
    const fingerprint = policyFingerprint(policy, version);
    await c.query(`INSERT INTO "ConsentPolicyVersion" (id, "tenantId", version, fingerprint, policy) VALUES ($1, $2, $3, $4, $5)`, [`e2e-${Date.now()}`, tenantId, version, fingerprint, policy]);
    await c.query(`UPDATE "ConsentConfig" SET "policyVersion" = $2, fingerprint = $3, policy = $4, "publishedAt" = now() WHERE "tenantId" = $1`, [tenantId, version, fingerprint, policy]);
  });

  await page.reload();
  await expect(banner(page)).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await analyticsRuns(page)).toBe(0);
  expect((await context.cookies(host.origin)).map((c) => c.name)).not.toContain("_ea");
});

test("Sotto's own marketing site shows the banner and Cookie settings reopens it", async ({ page, baseURL }) => {
  await page.goto(new URL("/", baseURL).toString());
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole("button", { name: "Reject all" }).click();
  await expect(banner(page)).toBeHidden();
  await page.getByRole("contentinfo").getByRole("button", { name: "Cookie settings" }).click();
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByText("Sotto live chat", { exact: true })).toBeAttached();
  await page.keyboard.press("Escape");
  await expect(dialog(page)).toBeHidden();
});

test("dashboard: an admin publishes a new version, the log verifies the chain, exports are audited; analysts read the log only", async ({ page, browser, baseURL }) => {
  // Two sign-ins, a publish, a CSV download and a second browser context: 24 s of a 30 s budget on a loaded 2-core machine.
  test.slow();
  await signIn(page, SEED_EMAILS.acmeAdmin);
  const before = (await acmeConfig()).policyVersion;
  await page.goto(`/t/${ACME_SLUG}/privacy/consent`);
  await expect(page.getByRole("heading", { level: 1, name: "Consent manager" })).toBeVisible();
  await expect(page.locator("pre code")).toContainText(`data-sotto-key="${key}"`);
  await expect(page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Consent log" })).toBeVisible();
  await page.screenshot({ path: "test-results/consent-dashboard-settings.png", fullPage: true });
  await page.getByRole("button", { name: `Publish version ${before + 1}` }).click();
  await expect(page.getByText(`Version ${before + 1} published`)).toBeVisible();
  expect((await acmeConfig()).policyVersion).toBe(before + 1);

  await page.goto(`/t/${ACME_SLUG}/privacy/consent/log?method=accept_all`);
  await expect(page.getByRole("status", { name: "Consent chain integrity" })).toContainText("Chain verified");
  await expect(page.getByRole("table", { name: /consent records/i }).getByRole("rowheader").first()).toContainText("Accept all");
  await page.screenshot({ path: "test-results/consent-dashboard-log.png", fullPage: true });
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).path().then((p) => import("node:fs").then((fs) => fs.readFileSync(p!, "utf8")));
  expect(csv.split("\r\n")[0]).toContain("chain_position,time_utc,receipt_id,consent_id,method");
  expect(csv).toContain(",accept_all,");
  const audited = await asTenant((c) => c.query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'data.exported' AND "targetType" = 'ConsentLog'`, [tenantId]));
  expect(audited.rows[0].n).toBeGreaterThan(0);

  const ctx = await browser.newContext({ baseURL });
  const analyst = await ctx.newPage();
  await signIn(analyst, SEED_EMAILS.acmeAnalyst);
  expect((await analyst.goto(`/t/${ACME_SLUG}/privacy/consent`))?.status()).toBe(403);
  expect((await analyst.goto(`/t/${ACME_SLUG}/privacy/consent/log`))?.status()).toBe(200);
  await ctx.close();
});
