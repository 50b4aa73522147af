import { execFile } from "node:child_process";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import JSZip from "jszip";
import { e2eDb, SEED_EMAILS, signIn } from "./helpers";
import { PLATFORM_OPERATOR_EMAIL, PRIVACY_E2E_CONTACT } from "../prisma/seed-privacy";

/**
 * The data-subject request journey end to end: a seeded contact of Acme Shop
 * asks for their data at /privacy-center/acme-shop, confirms with the code from
 * the development mailbox, an Acme admin approves in the dashboard, the zip
 * holds their messages from every registered store; then they ask for erasure,
 * the report's counts match the first export, and the admin's post-erasure
 * export holds only legally retained items. Plus enumeration, wrong codes,
 * tampered links and axe on the portal pages.
 */
const TENANT = "acme-shop";
const EMAIL = PRIVACY_E2E_CONTACT.email;
/** lib/privacy/stores/all.ts, in order. */
const STORES = ["delivery-logs", "webhook-events", "attachments", "messages", "conversations", "opt-ins", "contact-identities", "contacts", "account", "consent-records", "privacy-requests", "audit-references"];
const LEGALLY_RETAINED = new Set(["privacy-requests", "audit-references"]);

test.describe.configure({ mode: "serial" });
// Pages compile on first use under `next dev`; a production build answers at once.
const expect = baseExpect.configure({ timeout: 30_000 });
test.setTimeout(420_000);

async function axe(page: Page) {
  // Metadata streams in after the body on dynamic pages: wait for the title before auditing.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

type TMail = { id: string; subject: string; text: string };
async function newestMail(to: string): Promise<TMail | null> {
  const { rows } = await e2eDb().query<TMail>(`SELECT id, subject, text FROM "DevEmail" WHERE lower("to") = lower($1) ORDER BY "createdAt" DESC LIMIT 1`, [to]);
  return rows[0] ?? null;
}
async function waitForMail(to: string, after: string | null, match: RegExp): Promise<TMail> {
  for (let i = 0; i < 150; i++) {
    const m = await newestMail(to);
    if (m && m.id !== after && match.test(m.subject)) return m;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail matching ${match} to ${to}`);
}

async function requestAndVerify(page: Page, typeLabel: RegExp, email: string, checkAxe = false): Promise<void> {
  await page.goto(`/privacy-center/${TENANT}`);
  await page.getByRole("radio", { name: typeLabel }).check();
  const before = (await newestMail(email))?.id ?? null;
  await page.getByLabel("Email address or phone number").fill(email);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await expect(page.getByRole("heading", { name: "Check your messages" })).toBeVisible({ timeout: 30_000 });
  if (checkAxe) await axe(page);
  const mail = await waitForMail(email, before, /^\d{6} is your/);
  const code = /^(\d{6})/.exec(mail.subject)![1]!;
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Acme Shop is reviewing your request." })).toBeVisible({ timeout: 30_000 });
}

/** The dashboard's cookie banner (consent manager) may cover the page: choose "Reject all" when it shows. */
async function dismissConsentBanner(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Reject all" }).click({ timeout: 5_000 }).catch(() => {});
}

async function approveNewest(admin: Page, title: string): Promise<string> {
  await admin.goto(`/t/${TENANT}/privacy/requests`);
  await dismissConsentBanner(admin);
  const row = admin.getByRole("row").filter({ hasText: "e***@example.com" }).filter({ hasText: title }).filter({ hasText: "Awaiting decision" }).last();
  await row.getByRole("link", { name: title }).click();
  await expect(admin.getByRole("heading", { name: title })).toBeVisible();
  const id = admin.url().split("/").pop()!;
  await admin.getByRole("button", { name: "Approve and fulfil" }).click();
  await expect(admin.getByTestId("request-status")).toHaveText("Completed", { timeout: 180_000 });
  return id;
}

async function download(page: Page, path: string): Promise<{ zip: JSZip; stores: Record<string, unknown[]> }> {
  await page.goto(path);
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download (zip)" }).click()]);
  const stream = await dl.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  const stores: Record<string, unknown[]> = {};
  for (const s of STORES) stores[s] = JSON.parse(await zip.file(`${s}.json`)!.async("string"));
  return { zip, stores };
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

let firstExport: Record<string, unknown[]>;
let downloadPath: string;

test("portal pages have no serious or critical axe violations", async ({ page }) => {
  for (const path of [`/privacy-center/${TENANT}`, "/privacy-center"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "Your data and your rights" })).toBeVisible();
    await axe(page);
  }
});

test("access request: code from the mailbox, approved by the tenant admin, zip with every store", async ({ page, browser, baseURL }) => {
  await requestAndVerify(page, /Get a copy of my data/, EMAIL, true);
  await axe(page);

  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await signIn(admin, SEED_EMAILS.acmeAdmin);
  const before = (await newestMail(EMAIL))?.id ?? null;
  await approveNewest(admin, "Get a copy of my data");
  await adminContext.close();

  const ready = await waitForMail(EMAIL, before, /is ready/);
  const link = /(https?:\/\/\S+\/download\?t=\S+)/.exec(ready.text)![1]!;
  downloadPath = pathOf(link);
  await page.goto(downloadPath);
  await axe(page);
  const { zip, stores } = await download(page, downloadPath);
  const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as { stores: { name: string }[] };
  expect(manifest.stores.map((s) => s.name)).toEqual(STORES);
  for (const s of STORES) expect(zip.file(`${s}.csv`), s).toBeTruthy();

  const { rows } = await e2eDb().query<{ text: string }>(
    `SELECT m.text FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" JOIN "Contact" ct ON ct.id = c."contactId" WHERE ct.email = $1`,
    [EMAIL],
  );
  expect(rows.length).toBeGreaterThan(0);
  expect((stores.messages as { text: string }[]).map((m) => m.text).sort()).toEqual(rows.map((r) => r.text).sort());
  expect((stores.contacts as { email: string }[])[0]!.email).toBe(EMAIL);
  expect(stores["opt-ins"]!.length).toBeGreaterThan(0);
  firstExport = stores;

  // Single use: the same link now answers 410 Gone; an altered one 403.
  const token = new URL(link).searchParams.get("t")!;
  const reused = await page.request.get(`/api/privacy/download?t=${encodeURIComponent(token)}`);
  expect(reused.status()).toBe(410);
  expect((await reused.json()).error).toBe("already_used");
  const tampered = await page.request.get(`/api/privacy/download?t=${encodeURIComponent(token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))}`);
  expect(tampered.status()).toBe(403);
  await page.goto(downloadPath);
  await expect(page.getByRole("alert").filter({ hasText: "already been used" })).toBeVisible();
});

test("erasure: report counts match the first export and only legally retained items remain", async ({ page, browser, baseURL }) => {
  expect(firstExport).toBeDefined();
  await requestAndVerify(page, /Delete my data/, EMAIL);
  const adminContext = await browser.newContext({ baseURL });
  const admin = await adminContext.newPage();
  await signIn(admin, SEED_EMAILS.acmeAdmin);
  await approveNewest(admin, "Delete my data");

  const table = admin.getByTestId("store-progress");
  for (const s of STORES) {
    const row = table.locator(`tr[data-store="${s}"]`);
    const deleted = Number(await row.locator('[data-count="deleted"]').innerText());
    const anonymised = Number(await row.locator('[data-count="anonymised"]').innerText());
    const retained = Number(await row.locator('[data-count="retained"]').innerText());
    if (LEGALLY_RETAINED.has(s)) expect(retained, s).toBeGreaterThan(0);
    else expect(deleted + anonymised, s).toBe(firstExport[s]!.length);
  }

  await admin.getByRole("button", { name: "Export what remains" }).click();
  const link = admin.getByRole("link", { name: /Download verification export/ });
  await expect(link).toBeVisible({ timeout: 180_000 });
  const [dl] = await Promise.all([admin.waitForEvent("download"), link.click()]);
  const chunks: Buffer[] = [];
  for await (const c of await dl.createReadStream()) chunks.push(c as Buffer);
  const zip = await JSZip.loadAsync(Buffer.concat(chunks));
  for (const s of STORES) {
    const rows = JSON.parse(await zip.file(`${s}.json`)!.async("string")) as unknown[];
    if (LEGALLY_RETAINED.has(s)) expect(rows.length, s).toBeGreaterThan(0);
    else expect(rows, s).toEqual([]);
  }
  // The admin's download is audited like every export.
  const audited = await e2eDb().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "AuditEvent" e JOIN "Tenant" t ON t.id = e."tenantId"
     WHERE t.slug = $1 AND e.action = 'data.exported' AND e."targetType" = 'PrivacyRequest' AND e.metadata->>'purpose' = 'post-erasure verification'`,
    [TENANT],
  );
  expect(audited.rows[0]!.n).toBeGreaterThan(0);
  await adminContext.close();
});

test("an unknown identity gets the same page and nothing is sent", async ({ page }) => {
  const unknown = `nobody-${Date.now()}@example.com`;
  await page.goto(`/privacy-center/${TENANT}`);
  await page.getByRole("radio", { name: /Delete my data/ }).check();
  await page.getByLabel("Email address or phone number").fill(unknown);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await expect(page.getByRole("heading", { name: "Check your messages" })).toBeVisible({ timeout: 30_000 });
  expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/privacy-center/${TENANT}/request/[A-Za-z0-9_-]{32}$`));
  await page.getByLabel("6-digit code").fill("123456");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid or has expired" })).toBeVisible();
  await new Promise((r) => setTimeout(r, 1000));
  const { rows } = await e2eDb().query(`SELECT count(*)::int AS n FROM "DevEmail" WHERE lower("to") = lower($1)`, [unknown]);
  expect(rows[0].n).toBe(0);
});

test("sub-processor change: the npm script mails the owners and the dashboard shows it until dismissed, beside the records of processing", async ({ page }) => {
  const announce = () => promisify(execFile)("npm", ["run", "--silent", "privacy:announce-subprocessors"], { env: process.env, timeout: 180_000 });
  // First run: every workspace records the current list as its silent baseline.
  await announce();
  const { rows } = await e2eDb().query<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = 'sotto'`);
  // Stands in for the previous release (the list is code): Sotto's own workspace last saw the list without its first entry.
  await e2eDb().query(
    `UPDATE "SubprocessorNotice" SET version = '0000000000000000', changes = jsonb_set(changes, '{entries}', (changes->'entries') - 0) WHERE "tenantId" = $1`,
    [rows[0]!.id],
  );
  const before = (await newestMail(PLATFORM_OPERATOR_EMAIL))?.id ?? null;
  const { stdout } = await announce();
  expect(stdout).toMatch(/: \d+ tenants, 1 notices, [1-9]\d* emails, 0 baselines\./);
  const mail = await waitForMail(PLATFORM_OPERATOR_EMAIL, before, /^Sub-processor change for Sotto$/);
  expect(mail.text).toMatch(/added/);

  await signIn(page, PLATFORM_OPERATOR_EMAIL);
  await page.goto("/t/sotto/privacy/processing");
  await expect(page.getByRole("heading", { level: 1, name: "Records of processing" })).toBeVisible();
  const banner = page.getByRole("region", { name: "Sub-processor change" });
  await expect(banner).toContainText("Sotto added");
  // Recipients come from the live configuration: the platform's consent vendors and the hosting sub-processor; no Resend without its API key.
  const recipients = page.getByTestId("recipients");
  await expect(recipients.getByRole("row").filter({ hasText: "EU cloud hosting provider" })).toHaveCount(1);
  await expect(recipients).not.toContainText("Resend");
  const json = await page.request.get("/t/sotto/privacy/processing/export?format=json");
  expect(json.status()).toBe(200);
  const record = (await json.json()) as { activities: { id: string }[]; recipients: { name: string; role: string; transferMechanism: string; dataCategories: string[]; retention: string }[] };
  expect(record.activities.map((a) => a.id)).toEqual(expect.arrayContaining(["data-subject-requests", "workspace-accounts"]));
  expect(record.recipients.every((r) => r.role && r.transferMechanism && r.retention && r.dataCategories.length > 0)).toBe(true);
  // Every export of the records is audited.
  const audited = await e2eDb().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "AuditEvent" e JOIN "Tenant" t ON t.id = e."tenantId" WHERE t.slug = 'sotto' AND e.action = 'data.exported' AND e."targetType" = 'RecordsOfProcessing' AND e.metadata->>'format' = 'json'`,
  );
  expect(audited.rows[0]!.n).toBeGreaterThan(0);
  await axe(page);

  await banner.getByRole("button", { name: "Dismiss" }).click();
  await expect(banner).toBeHidden();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Records of processing" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Sub-processor change" })).toHaveCount(0);
});
